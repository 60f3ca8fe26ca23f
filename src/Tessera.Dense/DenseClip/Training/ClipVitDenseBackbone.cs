using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip.Training;

/// <summary>
/// A DenseCLIP backbone made of a plain CLIP ViT image tower (e.g. the tiny world CLIP, patch 8, without DenseCLIP's
/// patch-16 FPN adapters): the patch tokens of <see cref="MapBlocks"/> as maps on the patch grid and the projected
/// tokens as global and dense embeddings (<see cref="ClipDenseEmbeddings"/>). Keys: <c>visual.*</c> (CLIP's names).
/// </summary>
public sealed class ClipVitDenseBackbone : nn.Module<Tensor, DenseClipFeatures>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly ClipVisionTransformer visual;
#pragma warning restore IDE1006

    /// <summary>Wraps a CLIP image tower.</summary>
    /// <param name="tower">The tower (owned by this module from now on).</param>
    /// <param name="mapBlocks">Blocks whose patch tokens become the head's maps.</param>
    /// <exception cref="TesseraArgumentException">A block is out of range.</exception>
    public ClipVitDenseBackbone(ClipVisionTransformer tower, IReadOnlyList<int> mapBlocks) : base(DenseModuleBase.Name(nameof(ClipVitDenseBackbone)))
    {
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(mapBlocks);
        Guard.That(mapBlocks.Count > 0 && mapBlocks.All(b => b >= 0 && b < tower.Depth), nameof(mapBlocks), $"must name blocks in [0, {tower.Depth})");
        visual = tower;
        MapBlocks = [.. mapBlocks];
        RegisterComponents();
    }

    /// <summary>The blocks whose tokens are returned as maps.</summary>
    public IReadOnlyList<int> MapBlocks { get; }

    /// <summary>The tower.</summary>
    public ClipVisionTransformer Visual => visual;

    /// <inheritdoc />
    public override DenseClipFeatures forward(Tensor input) => ClipDenseEmbeddings.Compute(visual, input, MapBlocks);
}
