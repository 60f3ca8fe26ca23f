using System.Text.Json.Serialization;
using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="GridDistortion"/>: the relative step length of each grid cell.</summary>
/// <param name="StepsX">num_steps + 1 horizontal step factors.</param>
/// <param name="StepsY">num_steps + 1 vertical step factors.</param>
public sealed record GridDistortionParams([property: JsonPropertyName("stepsx")] double[] StepsX, [property: JsonPropertyName("stepsy")] double[] StepsY);

/// <summary>
/// Stretches and squeezes a grid of cells (albumentations <c>GridDistortion</c>). Boxes move through a warped
/// box mask; keypoints are not supported (as in 1.3.1).
/// </summary>
public sealed class GridDistortion : DualTransform<GridDistortionParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="numSteps">Grid cells per side (≥ 1).</param>
    /// <param name="distortLimit">Range of the step change (steps are 1 + u).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="borderMode">Border mode.</param>
    /// <param name="value">Image fill.</param>
    /// <param name="maskValue">Mask fill.</param>
    /// <param name="normalized">Rescale steps so the distortion stays inside the image.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public GridDistortion(int numSteps = 5, Limit? distortLimit = null, Interpolation interpolation = Interpolation.Linear, BorderMode borderMode = BorderMode.Reflect101,
        double[]? value = null, double[]? maskValue = null, bool normalized = false, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var distortLimitRange = (distortLimit ?? (-0.3, 0.3)).Symmetric();
        Guard.Positive(numSteps);
        NumSteps = numSteps;
        DistortLimit = distortLimitRange;
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
        BorderMode = CvFlags.CheckBorder(borderMode, nameof(borderMode));
        Value = value;
        MaskValue = maskValue;
        Normalized = normalized;
    }

    /// <inheritdoc />
    public override bool SupportsKeypoints => false;

    /// <inheritdoc />
    public override string Name => "GridDistortion";

    /// <summary>Grid cells per side.</summary>
    public int NumSteps { get; }

    /// <summary>Step change range.</summary>
    public (double Low, double High) DistortLimit { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>Border mode.</summary>
    public BorderMode BorderMode { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double>? Value { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double>? MaskValue { get; }

    /// <summary>Whether steps are normalised.</summary>
    public bool Normalized { get; }

    /// <inheritdoc />
    public override GridDistortionParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var sx = Enumerable.Range(0, NumSteps + 1).Select(_ => 1 + random.Uniform(DistortLimit.Low, DistortLimit.High)).ToArray();
        var sy = Enumerable.Range(0, NumSteps + 1).Select(_ => 1 + random.Uniform(DistortLimit.Low, DistortLimit.High)).ToArray();
        if (Normalized)
        {
            int h = context.Shape.Height, w = context.Shape.Width;
            Normalize(sx, w);
            Normalize(sy, h);
        }
        return new GridDistortionParams(sx, sy);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, GridDistortionParams parameters) => Warp(image, parameters, Interpolation, Value?.ToArray());

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, GridDistortionParams parameters) => Warp(mask, parameters, 0, MaskValue?.ToArray());

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, GridDistortionParams parameters, ImageShape shape)
        => DistortionKernels.BoxThroughMask(box, shape, m => Warp(m, parameters, 0, MaskValue?.ToArray()));

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("num_steps", NumSteps);
        writer.Add("distort_limit", DistortLimit);
        writer.Add("interpolation", Interpolation);
        writer.Add("border_mode", BorderMode);
        writer.AddFill("value", Value?.ToArray());
        writer.AddFill("mask_value", MaskValue?.ToArray());
        writer.Add("normalized", Normalized);
    }

    private void Normalize(double[] steps, int size)
    {
        var step = size / NumSteps;
        var last = Math.Min(size, (NumSteps + 1) * step) - (NumSteps * step);
        steps[^1] *= last / (double)step;
        var t = size / Math.Floor(size / (double)NumSteps);
        var sum = steps.Sum();
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] *= t / sum;
        }
    }

    private Image Warp(Image image, GridDistortionParams p, Interpolation interpolation, double[]? fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        Guard.That(p.StepsX.Length == NumSteps + 1 && p.StepsY.Length == NumSteps + 1, "params", $"stepsx and stepsy must have num_steps + 1 = {NumSteps + 1} values");
        var maps = DistortionKernels.GridMaps(image.Height, image.Width, NumSteps, p.StepsX, p.StepsY);
        return DistortionKernels.Remap(image, maps, interpolation, BorderMode, fill);
    }
}
