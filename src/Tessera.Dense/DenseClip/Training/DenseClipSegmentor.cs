using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip.Training;

/// <summary>
/// A trainable semantic segmentor on a CLIP backbone: either DenseCLIP (<see cref="DenseClipModel"/>: context-prompted
/// class embeddings updated by the context decoder, pixel–text score maps concatenated to one map, auxiliary loss on
/// them) followed by <see cref="DenseClipFpnHead"/>, or the same head on the backbone's maps alone (the baseline
/// without score maps).
/// </summary>
public sealed class DenseClipSegmentor : nn.Module<Tensor, (Tensor Logits, Tensor? ScoreMap)>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly DenseClipModel? core;
    private readonly nn.Module<Tensor, DenseClipFeatures>? backbone;
    private readonly DenseClipFpnHead head;
#pragma warning restore IDE1006

    /// <summary>DenseCLIP with score maps.</summary>
    /// <param name="model">The DenseCLIP core (owned).</param>
    /// <param name="head">The head, whose map <see cref="DenseClipConfig.ScoreConcatIndex"/> has K more channels (owned).</param>
    public DenseClipSegmentor(DenseClipModel model, DenseClipFpnHead head) : base(DenseModuleBase.Name(nameof(DenseClipSegmentor)))
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(head);
        core = model;
        this.head = head;
        RegisterComponents();
    }

    /// <summary>The baseline: the head on the backbone's maps, no text.</summary>
    /// <param name="backboneModule">The backbone (owned).</param>
    /// <param name="head">The head (owned).</param>
    public DenseClipSegmentor(nn.Module<Tensor, DenseClipFeatures> backboneModule, DenseClipFpnHead head) : base(DenseModuleBase.Name(nameof(DenseClipSegmentor)))
    {
        ArgumentNullException.ThrowIfNull(backboneModule);
        ArgumentNullException.ThrowIfNull(head);
        backbone = backboneModule;
        this.head = head;
        RegisterComponents();
    }

    /// <summary>Whether this is DenseCLIP (score maps) rather than the baseline.</summary>
    public bool UsesScoreMaps => core is not null;

    /// <summary>The DenseCLIP core, or null for the baseline.</summary>
    public DenseClipModel? Core => core;

    /// <summary>State-dict prefixes of the frozen parts (image backbone and text encoder, both CLIP's).</summary>
    public IReadOnlyList<string> FrozenPrefixes => core is not null ? ["core.backbone.", "core.text_encoder."] : ["backbone."];

    /// <summary>Logits at the maps' resolution <c>[B, classes, h, w]</c> and, for DenseCLIP, the score maps <c>[B, K, h, w]</c>.</summary>
    /// <param name="input">CLIP-normalised images.</param>
    /// <returns>Caller-owned tensors.</returns>
    public override (Tensor Logits, Tensor? ScoreMap) forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        if (core is not null)
        {
            DenseClipFeatures features;
            using (torch.no_grad()) { features = core.Backbone.forward(input); }
            using (features)
            using (var output = core.AfterExtractFeatures(features))
            {
                var logits = head.forward(output.Features);
                return (logits.MoveToOuterDisposeScope(), output.ScoreMap.alias().MoveToOuterDisposeScope());
            }
        }
        DenseClipFeatures plain;
        using (torch.no_grad()) { plain = backbone!.forward(input); }
        using (plain)
        {
            return (head.forward(plain.Maps).MoveToOuterDisposeScope(), null);
        }
    }

    /// <summary>Training loss: cross-entropy of the logits resized bilinearly to the labels, plus (DenseCLIP) the
    /// auxiliary score-map loss.</summary>
    /// <param name="images">CLIP-normalised images.</param>
    /// <param name="labels">Labels <c>[B, H, W]</c> int64.</param>
    /// <param name="auxWeight">Weight of the score-map loss (0.4 upstream).</param>
    /// <param name="tau">Temperature of the score-map loss.</param>
    /// <returns>A scalar.</returns>
    public Tensor Loss(Tensor images, Tensor labels, double auxWeight = 0.4, double tau = 0.07)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        Guard.That(labels.dim() == 3, nameof(labels), "must be [B, H, W]");
        using var scope = torch.NewDisposeScope();
        var (logits, scores) = forward(images);
        var up = nn.functional.interpolate(logits, [labels.shape[1], labels.shape[2]], mode: InterpolationMode.Bilinear, align_corners: false);
        var loss = nn.functional.cross_entropy(up, labels, ignore_index: 255);
        if (scores is not null && auxWeight > 0) { loss = loss + ScoreMapLoss.Compute(scores, labels, tau, auxWeight); }
        return loss.MoveToOuterDisposeScope();
    }
}
