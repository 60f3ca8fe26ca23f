using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.SegFix;

/// <summary>
/// The small backbone: stage 0 is a stride-2 3×3 conv-BN-ReLU stem, each later stage a stride-2 block; every stage adds
/// <see cref="SegFixConfig.BlocksPerStage"/> stride-1 blocks. The outputs of all stages are upsampled (bilinear,
/// align_corners, as openseg's SegFix forward does with HRNet's branches) to stage 0's size and concatenated.
/// </summary>
internal sealed class SegFixBackbone : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Sequential> stages;

    public SegFixBackbone(SegFixConfig config) : base(nameof(SegFixBackbone))
    {
        stages = new ModuleList<Sequential>();
        var inChannels = config.InChannels;
        foreach (var c in config.StageChannels)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            void Block(int cin, int stride)
            {
                layers.Add(($"{layers.Count}", nn.Conv2d(cin, c, kernel_size: 3, stride: stride, padding: 1, bias: false)));
                layers.Add(($"{layers.Count}", nn.BatchNorm2d(c)));
                layers.Add(($"{layers.Count}", nn.ReLU()));
            }
            Block(inChannels, 2);
            for (var b = 0; b < config.BlocksPerStage; b++) { Block(c, 1); }
            stages.Add(nn.Sequential(layers));
            inChannels = c;
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        var outputs = new List<Tensor>(stages.Count);
        foreach (var stage in stages)
        {
            x = stage.forward(x);
            outputs.Add(x);
        }
        if (outputs.Count == 1) { return outputs[0]; }
        long[] size = [outputs[0].shape[2], outputs[0].shape[3]];
        for (var i = 1; i < outputs.Count; i++)
        {
            outputs[i] = nn.functional.interpolate(outputs[i], size, mode: InterpolationMode.Bilinear, align_corners: true);
        }
        return torch.cat(outputs, 1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { stages.Dispose(); }
        base.Dispose(disposing);
    }
}
