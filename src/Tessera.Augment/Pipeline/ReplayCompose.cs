using Tessera.Augment.Targets;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// A <see cref="Compose"/> whose runs are meant to be recorded and replayed (albumentations <c>ReplayCompose</c>):
/// use <see cref="ComposeBase.ApplyWithRecord"/> and <see cref="ComposeBase.Replay"/>; the record serializes with
/// <see cref="Serialization.AlbumentationsJson.WriteReplay"/>.
/// </summary>
public sealed class ReplayCompose : ComposeBase
{
    /// <summary>Creates a pipeline.</summary>
    /// <param name="transforms">The transforms, in order.</param>
    /// <param name="bboxParams">Box handling.</param>
    /// <param name="keypointParams">Keypoint handling.</param>
    /// <param name="additionalTargets">Extra targets: name → <c>image</c> or <c>mask</c>.</param>
    /// <param name="p">Probability of running the pipeline.</param>
    /// <param name="isCheckShapes">Require masks and extra targets to match the image size.</param>
    public ReplayCompose(IEnumerable<ITransform> transforms, BboxParams? bboxParams = null, KeypointParams? keypointParams = null,
        IReadOnlyDictionary<string, string>? additionalTargets = null, double p = 1.0, bool isCheckShapes = true)
        : base(transforms, bboxParams, keypointParams, additionalTargets, p, isCheckShapes) { }

    /// <inheritdoc />
    public override string Name => "ReplayCompose";
}
