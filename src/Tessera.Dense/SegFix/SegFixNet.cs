using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.SegFix;

/// <summary>
/// The SegFix network (Yuan et al., ECCV 2020; openseg.pytorch <c>lib/models/nets/segfix.py</c>): backbone features →
/// boundary branch (<c>mask_head</c>: 1×1 conv, BN, ReLU, 1×1 classifier to 2 channels) and direction branch
/// (<c>dir_head</c>: same shape, m channels), both upsampled bilinearly (align_corners) to the input size.
/// </summary>
/// <remarks>
/// <para>State-dict keys: <c>backbone.stages.{i}.{j}.*</c> (conv, BN, ReLU, … in order inside stage i),
/// <c>mask_head.0.weight</c>, <c>mask_head.1.0.{weight,bias,running_mean,running_var,num_batches_tracked}</c>,
/// <c>mask_head.2.weight</c> and the same under <c>dir_head</c> — the head keys are openseg's.</para>
/// <para><c>forward</c> does no I/O, device moves or mode switching: callers set <c>train()</c>/<c>eval()</c> and
/// <c>no_grad()</c>, and run it inside <c>torch.NewDisposeScope()</c>.</para>
/// </remarks>
public sealed class SegFixNet : nn.Module<Tensor, SegFixOutput>
{
    private readonly SegFixBackbone backbone;
    private readonly Sequential mask_head;
    private readonly Sequential dir_head;

    /// <summary>Builds the network with PyTorch's default initialisation (seed torch first for reproducible weights).</summary>
    /// <param name="config">Hyper-parameters; null = <see cref="SegFixConfig.Small"/>.</param>
    /// <exception cref="Core.Errors.TesseraArgumentException">Invalid configuration.</exception>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public SegFixNet(SegFixConfig? config = null) : base(nameof(SegFixNet))
    {
        Config = config ?? SegFixConfig.Small;
        Config.Validate();
        TorchRuntime.EnsureLoaded();
        backbone = new SegFixBackbone(Config);
        mask_head = Branch(Config.FeatureChannels, Config.MidChannels, 2);
        dir_head = Branch(Config.FeatureChannels, Config.MidChannels, Config.Bins);
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public SegFixConfig Config { get; }

    /// <summary>Runs the network.</summary>
    /// <param name="input">Normalised images [N, C, H, W] (see <see cref="SegFixConfig.Mean"/>), H and W ≥ 1.</param>
    /// <returns>Boundary and direction logits at the input size.</returns>
    public override SegFixOutput forward(Tensor input)
    {
        var features = backbone.forward(input);
        var mask = mask_head.forward(features);
        var direction = dir_head.forward(features);
        long[] size = [input.shape[2], input.shape[3]];
        return new SegFixOutput(
            nn.functional.interpolate(mask, size, mode: InterpolationMode.Bilinear, align_corners: true),
            nn.functional.interpolate(direction, size, mode: InterpolationMode.Bilinear, align_corners: true));
    }

    private static Sequential Branch(int inChannels, int mid, int outChannels) => nn.Sequential(
        ("0", nn.Conv2d(inChannels, mid, kernel_size: 1, bias: false)),
        ("1", nn.Sequential(("0", nn.BatchNorm2d(mid)), ("1", nn.ReLU()))),
        ("2", nn.Conv2d(mid, outChannels, kernel_size: 1, bias: false)));

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backbone.Dispose();
            mask_head.Dispose();
            dir_head.Dispose();
        }
        base.Dispose(disposing);
    }
}
