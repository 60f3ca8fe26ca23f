using Tessera.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// DenseCLIP's <c>CLIPResNetWithAttention</c>: CLIP's modified ResNet (3-convolution stem with BatchNorm and ReLU, 2 × 2
/// average pool, <see cref="ClipBottleneck"/> stages <c>layer1..4</c>) whose attention pool is the dense
/// <see cref="DenseAttentionPool2d"/>. Keys are OpenAI's <c>visual.*</c> names of the RN50/RN101 checkpoints without the
/// prefix (<c>conv1</c>, <c>bn1</c>, …, <c>layer3.5.conv2.weight</c>, <c>attnpool.q_proj.weight</c>).
/// </summary>
public sealed class ClipResNetWithAttention : nn.Module<Tensor, DenseClipFeatures>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly DenseAttentionPool2d attnpool;
#pragma warning restore IDE1006

    /// <summary>Creates the tower.</summary>
    /// <param name="layers">Bottleneck counts of the four stages (RN50: 3, 4, 6, 3).</param>
    /// <param name="outputDim">CLIP embedding size (RN50: 1024).</param>
    /// <param name="inputResolution">Resolution the attention pool's positional embedding is sized for.</param>
    /// <param name="width">Stem width (RN50: 64).</param>
    /// <param name="poolHeads">Attention-pool heads (DenseCLIP: 32).</param>
    public ClipResNetWithAttention(IReadOnlyList<int> layers, int outputDim, int inputResolution, int width, int poolHeads = 32)
        : base(DenseModuleBase.Name(nameof(ClipResNetWithAttention)))
    {
        ArgumentNullException.ThrowIfNull(layers);
        Guard.That(layers.Count == 4 && layers.All(l => l > 0), nameof(layers), "must give four positive block counts");
        Guard.That(width > 1 && width % 2 == 0, nameof(width), "must be even and positive");
        Guard.That(inputResolution >= 32 && inputResolution % 32 == 0, nameof(inputResolution), "must be a positive multiple of 32");
        conv1 = nn.Conv2d(3, width / 2, 3, stride: 2, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width / 2);
        conv2 = nn.Conv2d(width / 2, width / 2, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(width / 2);
        conv3 = nn.Conv2d(width / 2, width, 3, padding: 1, bias: false);
        bn3 = nn.BatchNorm2d(width);
        var inplanes = width;
        layer1 = Stage(ref inplanes, width, layers[0], 1);
        layer2 = Stage(ref inplanes, width * 2, layers[1], 2);
        layer3 = Stage(ref inplanes, width * 4, layers[2], 2);
        layer4 = Stage(ref inplanes, width * 8, layers[3], 2);
        attnpool = new DenseAttentionPool2d(inputResolution / 32, width * 32, poolHeads, outputDim);
        RegisterComponents();
    }

    /// <summary>Channels of the four maps.</summary>
    /// <param name="width">Stem width.</param>
    /// <returns>4w, 8w, 16w, 32w.</returns>
    public static int[] MapChannels(int width) => [width * 4, width * 8, width * 16, width * 32];

    /// <inheritdoc />
    public override DenseClipFeatures forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Guard.That(input.dim() == 4 && input.shape[1] == 3, nameof(input), $"must be [B, 3, H, W], got [{string.Join(", ", input.shape)}]");
        using var scope = torch.NewDisposeScope();
        var x = nn.functional.relu(bn1.forward(conv1.forward(input.to(conv1.weight!.dtype))));
        x = nn.functional.relu(bn2.forward(conv2.forward(x)));
        x = nn.functional.relu(bn3.forward(conv3.forward(x)));
        x = nn.functional.avg_pool2d(x, 2);
        var c1 = layer1.forward(x);
        var c2 = layer2.forward(c1);
        var c3 = layer3.forward(c2);
        var c4 = layer4.forward(c3);
        var (global, dense) = attnpool.forward(c4);
        return new DenseClipFeatures([c1, c2, c3, c4], global, dense).MoveToOuterDisposeScope();
    }

    private static Sequential Stage(ref int inplanes, int planes, int blocks, int stride)
    {
        var list = new List<(string, nn.Module<Tensor, Tensor>)> { ("0", new ClipBottleneck(inplanes, planes, stride)) };
        inplanes = planes * ClipBottleneck.Expansion;
        for (var i = 1; i < blocks; i++) { list.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), new ClipBottleneck(inplanes, planes))); }
        return nn.Sequential(list);
    }
}
