using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

/// <summary>Crops a fixed window [x_min, x_max) × [y_min, y_max) (albumentations <c>Crop</c>).</summary>
public sealed class Crop : DualTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="xMin">Left column.</param>
    /// <param name="yMin">Top row.</param>
    /// <param name="xMax">Right column (exclusive).</param>
    /// <param name="yMax">Bottom row (exclusive).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    /// <exception cref="TesseraArgumentException">The window is empty or negative.</exception>
    public Crop(int xMin = 0, int yMin = 0, int xMax = 1024, int yMax = 1024, double p = 1.0, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(xMin >= 0 && yMin >= 0, nameof(xMin), $"x_min and y_min must be ≥ 0 (got {xMin}, {yMin})");
        Guard.That(xMax > xMin, nameof(xMax), $"must exceed x_min {xMin} (got {xMax})");
        Guard.That(yMax > yMin, nameof(yMax), $"must exceed y_min {yMin} (got {yMax})");
        XMin = xMin;
        YMin = yMin;
        XMax = xMax;
        YMax = yMax;
    }

    /// <inheritdoc />
    public override string Name => "Crop";

    /// <summary>Left column.</summary>
    public int XMin { get; }

    /// <summary>Top row.</summary>
    public int YMin { get; }

    /// <summary>Right column (exclusive).</summary>
    public int XMax { get; }

    /// <summary>Bottom row (exclusive).</summary>
    public int YMax { get; }

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random) => NoParams.Instance;

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters) => CropKernels.Crop(image, XMin, YMin, XMax, YMax);

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, NoParams parameters, ImageShape shape)
        => CropKernels.CropBox(box, XMin, YMin, XMax, YMax, shape);

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, NoParams parameters, ImageShape shape)
        => CropKernels.CropKeypoint(keypoint, XMin, YMin);

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("x_min", XMin);
        writer.Add("y_min", YMin);
        writer.Add("x_max", XMax);
        writer.Add("y_max", YMax);
    }
}
