using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>
/// The shared shape of the transforms that adapt an image towards one of several reference image files
/// (<see cref="FDA"/>, <see cref="HistogramMatching"/>): draw a strength from a range and a reference index, read the
/// reference (as RGB, cached) and let the subclass combine the two.
/// </summary>
/// <typeparam name="TParams">The parameter record (strength and reference index).</typeparam>
public abstract class ReferenceImageTransform<TParams> : ImageOnlyTransform<TParams> where TParams : class
{
    private readonly ReferenceImages _references;
    private readonly string _rangeName;

    /// <param name="referenceImages">The reference files.</param>
    /// <param name="rangeArgument">The range's albumentations argument name (serialization).</param>
    /// <param name="rangeParameter">The range's constructor parameter name (errors).</param>
    /// <param name="range">The strength range.</param>
    /// <param name="allowed">The interval the range must lie in.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    private protected ReferenceImageTransform(IReadOnlyList<string> referenceImages, string rangeArgument, string rangeParameter, (double Low, double High) range,
        (double Low, double High) allowed, double p, bool alwaysApply) : base(p, alwaysApply)
    {
        ArgumentNullException.ThrowIfNull(referenceImages);
        Guard.That(referenceImages.Count > 0, nameof(referenceImages), "must name at least one image");
        Guard.That(range.Low >= allowed.Low && range.High <= allowed.High, rangeParameter, $"must lie in [{allowed.Low}, {allowed.High}]");
        _references = new ReferenceImages(referenceImages);
        _rangeName = rangeArgument;
        ReferenceImages = referenceImages;
        Range = range;
    }

    /// <summary>Reference image files (read as RGB) (<c>reference_images</c>).</summary>
    public IReadOnlyList<string> ReferenceImages { get; }

    /// <summary>The strength range the parameter is drawn from.</summary>
    private protected (double Low, double High) Range { get; }

    /// <inheritdoc />
    public sealed override TParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return CreateParams(random.Uniform(Range.Low, Range.High), random.NextInt(0, ReferenceImages.Count));
    }

    /// <inheritdoc />
    public sealed override Image ApplyToImage(Image image, TParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        var (strength, index) = Unpack(parameters);
        return Combine(image, _references.Get(index), strength);
    }

    private protected abstract TParams CreateParams(double strength, int referenceIndex);

    private protected abstract (double Strength, int ReferenceIndex) Unpack(TParams parameters);

    private protected abstract Image Combine(Image image, Image reference, double strength);

    internal sealed override void WriteTransformArgs(ArgWriter writer)
    {
        writer.AddNode("reference_images", new JsonArray(ReferenceImages.Select(r => (JsonNode)r).ToArray()));
        writer.Add(_rangeName, Range);
        writer.Add("read_fn", "read_rgb_image");
    }
}
