using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;

namespace Tessera.Dense.SegFix;

/// <summary>
/// One SegFix training sample: the normalised image and its targets from Tessera.Segmentation's ground truth
/// (<see cref="SegFixGroundTruth"/>): boundary mask (1 / 0 / −1 ignore) and direction bins.
/// </summary>
public sealed class SegFixSample
{
    private SegFixSample(string name, int height, int width, float[] input, sbyte[] boundary, sbyte[] direction)
    {
        Name = name;
        Height = height;
        Width = width;
        Input = input;
        Boundary = boundary;
        Direction = direction;
    }

    /// <summary>Sample name (file stem or scene index).</summary>
    public string Name { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Normalised input, CHW.</summary>
    internal float[] Input { get; }

    /// <summary>Boundary target per pixel: 1, 0 or −1 (ignore).</summary>
    internal sbyte[] Boundary { get; }

    /// <summary>Direction bin per pixel (−1 on ignore).</summary>
    internal sbyte[] Direction { get; }

    /// <summary>Builds a sample: normalises the image and computes the targets of the label map.</summary>
    /// <param name="name">Sample name.</param>
    /// <param name="image">uint8 image with the network's channel count.</param>
    /// <param name="labels">uint8 labels [H, W] of the image's size; classes in [0, N) or the ignore label.</param>
    /// <param name="config">The network's configuration (preprocessing, bins).</param>
    /// <param name="groundTruth">SegFix ground-truth settings (class count, ignore label, kernel size …).</param>
    /// <returns>The sample.</returns>
    /// <exception cref="TesseraArgumentException">Sizes differ, a label is out of range, or the image does not fit the configuration.</exception>
    public static SegFixSample Create(string name, Image image, NdArray labels, SegFixConfig config, SegFixOptions groundTruth)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(groundTruth);
        var map = LabelMap.FromNdArray(labels);
        Guard.That(map.Height == image.Height && map.Width == image.Width, nameof(labels),
            $"size {map.Height}×{map.Width} must equal the image's {image.Height}×{image.Width} ({name})");
        var input = SegFixInput.Normalize(image, config);
        var targets = SegFixGroundTruth.Compute(map, groundTruth);
        return new SegFixSample(name, map.Height, map.Width, input,
            targets.Boundary().AsSpan<sbyte>().ToArray(), targets.DirectionBinMap(config.Bins).AsSpan<sbyte>().ToArray());
    }
}
