using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// Bottleneck block of CLIP's modified ResNet (openai/CLIP <c>model.Bottleneck</c>, copied by DenseCLIP): 1 × 1, 3 × 3,
/// 1 × 1 convolutions with BatchNorm and ReLU; a stride is an average pool after the 3 × 3 convolution, and the
/// shortcut (when the shape changes) is average pool → 1 × 1 conv → BatchNorm. Keys: <c>conv1..3</c>, <c>bn1..3</c>,
/// <c>downsample.0</c> (conv), <c>downsample.1</c> (BatchNorm).
/// </summary>
public sealed class ClipBottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Channel expansion of the last convolution.</summary>
    public const int Expansion = 4;

#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006
    private readonly int _stride;

    /// <summary>Creates the block.</summary>
    /// <param name="inplanes">Input channels.</param>
    /// <param name="planes">Inner channels (output = 4 × planes).</param>
    /// <param name="stride">Spatial stride (an average pool).</param>
    public ClipBottleneck(int inplanes, int planes, int stride = 1) : base(DenseModuleBase.Name(nameof(ClipBottleneck)))
    {
        conv1 = nn.Conv2d(inplanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        _stride = stride;
        if (stride > 1 || inplanes != planes * Expansion)
        {
            downsample = nn.Sequential(("0", nn.Conv2d(inplanes, planes * Expansion, 1, bias: false)), ("1", nn.BatchNorm2d(planes * Expansion)));
        }
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = nn.functional.relu(bn2.forward(conv2.forward(x)));
        if (_stride > 1) { x = nn.functional.avg_pool2d(x, _stride); }
        x = bn3.forward(conv3.forward(x));
        var identity = input;
        if (downsample is not null)
        {
            var pooled = _stride > 1 ? nn.functional.avg_pool2d(input, _stride) : input;
            identity = downsample.forward(pooled);
        }
        return nn.functional.relu(x + identity).MoveToOuterDisposeScope();
    }
}
