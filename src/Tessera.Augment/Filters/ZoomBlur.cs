using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="ZoomBlur"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="ZoomFactors">Zoom factors (1, 1 + step, … below max_factor).</param>
public sealed record ZoomBlurParams(double[] ZoomFactors);

/// <summary>Averages centrally zoomed copies of the image (radial zoom blur) (albumentations <c>ZoomBlur</c>).</summary>
public sealed class ZoomBlur : ImageOnlyTransform<ZoomBlurParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="maxFactor">Range of the largest zoom (<c>max_factor</c>, default (1, 1.31)).</param>
    /// <param name="stepFactor">Range of the zoom step (<c>step_factor</c>, default (0.01, 0.03)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ZoomBlur(Limit? maxFactor = null, Limit? stepFactor = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var maxFactorRange = (maxFactor ?? (1, 1.31)).From(1);
        var stepFactorRange = (stepFactor ?? (0.01, 0.03)).Exact();
        Guard.That(maxFactorRange.Low >= 1, nameof(maxFactor), "must be at least 1");
        Guard.That(stepFactorRange.Low > 0, nameof(stepFactor), "must be positive");
        MaxFactor = maxFactorRange;
        StepFactor = stepFactorRange;
    }

    /// <summary>Range of the largest zoom (<c>max_factor</c>, default (1, 1.31)).</summary>
    public (double Low, double High) MaxFactor { get; }

    /// <summary>Range of the zoom step (<c>step_factor</c>, default (0.01, 0.03)).</summary>
    public (double Low, double High) StepFactor { get; }

    /// <inheritdoc />
    public override string Name => "ZoomBlur";

    /// <inheritdoc />
    public override ZoomBlurParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var step = random.Uniform(StepFactor.Low, StepFactor.High);
        var max = random.Uniform(MaxFactor.Low, MaxFactor.High);
        var n = (int)Math.Ceiling((max - 1.0) / step);
        return new(Enumerable.Range(0, Math.Max(0, n)).Select(i => 1.0 + (i * step)).ToArray());
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, ZoomBlurParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return FilterKernels.ZoomBlur(image, parameters.ZoomFactors);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("max_factor", MaxFactor);
        writer.Add("step_factor", StepFactor);
    }
}
