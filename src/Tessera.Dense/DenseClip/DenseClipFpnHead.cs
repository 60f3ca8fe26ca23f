using Tessera.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// A light Semantic-FPN segmentation head for DenseCLIP's four maps (the role of mmseg's FPN neck + <c>FPNHead</c> in
/// the upstream configs, smaller): 1 × 1 lateral convolutions, a top-down pathway (nearest upsampling and sum), 3 × 3
/// output convolutions, per level a 3 × 3 conv + BatchNorm + ReLU upsampled bilinearly to the finest map, their sum,
/// dropout and a 1 × 1 classifier. Logits come out at the finest map's resolution (stride 4).
/// </summary>
public sealed class DenseClipFpnHead : nn.Module<IReadOnlyList<Tensor>, Tensor>
{
#pragma warning disable IDE1006 // PyTorch-style names
    private readonly ModuleList<Conv2d> lateral_convs;
    private readonly ModuleList<Conv2d> fpn_convs;
    private readonly ModuleList<Sequential> scale_heads;
    private readonly Conv2d conv_seg;
#pragma warning restore IDE1006
    private readonly double _dropout;

    /// <summary>Creates the head.</summary>
    /// <param name="inChannels">Channels of the four maps (the one with score maps included).</param>
    /// <param name="channels">Working width.</param>
    /// <param name="classes">Output classes.</param>
    /// <param name="dropout">Dropout before the classifier while training.</param>
    public DenseClipFpnHead(IReadOnlyList<int> inChannels, int channels, int classes, double dropout = 0.1) : base(DenseModuleBase.Name(nameof(DenseClipFpnHead)))
    {
        ArgumentNullException.ThrowIfNull(inChannels);
        Guard.That(inChannels.Count > 0 && inChannels.All(c => c > 0), nameof(inChannels), "must list positive channel counts");
        Guard.Positive(channels);
        Guard.Positive(classes);
        lateral_convs = nn.ModuleList(inChannels.Select(c => nn.Conv2d(c, channels, 1)).ToArray());
        fpn_convs = nn.ModuleList(inChannels.Select(_ => nn.Conv2d(channels, channels, 3, padding: 1)).ToArray());
        scale_heads = nn.ModuleList(inChannels.Select(_ => nn.Sequential(("0", nn.Conv2d(channels, channels, 3, padding: 1, bias: false)),
            ("1", nn.BatchNorm2d(channels)), ("2", nn.ReLU()))).ToArray());
        conv_seg = nn.Conv2d(channels, classes, 1);
        _dropout = dropout;
        RegisterComponents();
    }

    /// <summary>Logits <c>[B, classes, H₀, W₀]</c> from the maps (finest first).</summary>
    /// <param name="input">The maps.</param>
    /// <returns>Logits at the finest map's size.</returns>
    public override Tensor forward(IReadOnlyList<Tensor> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Guard.That(input.Count == lateral_convs.Count, nameof(input), $"must hold {lateral_convs.Count} maps, got {input.Count}");
        using var scope = torch.NewDisposeScope();
        var laterals = input.Select((m, i) => lateral_convs[i].forward(m)).ToList();
        for (var i = laterals.Count - 1; i > 0; i--)
        {
            var target = laterals[i - 1];
            laterals[i - 1] = target + nn.functional.interpolate(laterals[i], [target.shape[2], target.shape[3]], mode: InterpolationMode.Nearest);
        }
        long[] size = [laterals[0].shape[2], laterals[0].shape[3]];
        Tensor? sum = null;
        for (var i = 0; i < laterals.Count; i++)
        {
            var level = scale_heads[i].forward(fpn_convs[i].forward(laterals[i]));
            if (i > 0) { level = nn.functional.interpolate(level, size, mode: InterpolationMode.Bilinear, align_corners: false); }
            sum = sum is null ? level : sum + level;
        }
        if (training && _dropout > 0) { sum = nn.functional.dropout(sum!, _dropout, true); }
        return conv_seg.forward(sum!).MoveToOuterDisposeScope();
    }
}
