using Tessera.Augment.Targets;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// A pipeline: runs its transforms in order on a <see cref="Sample"/> (albumentations <c>Compose</c>).
/// </summary>
/// <example>
/// <code>
/// var pipeline = new Compose([new HorizontalFlip(p: 0.5), new Rotate(limit: (-30, 30))],
///     bboxParams: new BboxParams { Format = BoxFormat.Coco, LabelFields = ["labels"] });
/// var output = pipeline.Apply(sample, seed: 42);
/// </code>
/// </example>
public sealed class Compose : ComposeBase
{
    /// <summary>Creates a pipeline.</summary>
    /// <param name="transforms">The transforms, in order.</param>
    /// <param name="bboxParams">Box handling (required when samples carry boxes).</param>
    /// <param name="keypointParams">Keypoint handling (required when samples carry keypoints).</param>
    /// <param name="additionalTargets">Extra targets: name → <c>image</c> or <c>mask</c>.</param>
    /// <param name="p">Probability of running the pipeline.</param>
    /// <param name="isCheckShapes">Require masks and extra targets to match the image size.</param>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">An argument is invalid.</exception>
    public Compose(IEnumerable<ITransform> transforms, BboxParams? bboxParams = null, KeypointParams? keypointParams = null,
        IReadOnlyDictionary<string, string>? additionalTargets = null, double p = 1.0, bool isCheckShapes = true)
        : base(transforms, bboxParams, keypointParams, additionalTargets, p, isCheckShapes) { }

    /// <inheritdoc />
    public override string Name => "Compose";
}
