using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Data.Masks;
using Tessera.Nn.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip.Training;

/// <summary>Semantic-segmentation samples read through Tessera.Data's mask-folder reader (image folder + gray or palette
/// label PNGs, as <c>tessera world generate</c> writes <c>images/</c> and <c>masks/semantic/</c>), as CLIP-normalised
/// tensors at the images' own size. Disposing frees the tensors and images.</summary>
public sealed class SegmentationSamples : IDisposable
{
    private readonly List<Image> _raw;

    private SegmentationSamples(Tensor images, Tensor labels, List<Image> raw, IReadOnlyList<string> names)
    {
        Images = images;
        Labels = labels;
        _raw = raw;
        Names = names;
    }

    /// <summary>Images <c>[N, 3, H, W]</c>, normalised with the given mean/std.</summary>
    public Tensor Images { get; }

    /// <summary>Labels <c>[N, H, W]</c> (int64; 255 = ignore).</summary>
    public Tensor Labels { get; }

    /// <summary>Sample names (file stems).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Names.Count;

    /// <summary>The 8-bit RGB image of sample <paramref name="index"/> (owned by this object).</summary>
    /// <param name="index">Sample index.</param>
    /// <returns>The image.</returns>
    public Image RawImage(int index) => _raw[index];

    /// <summary>Reads pairs of <paramref name="imageDirectory"/> and <paramref name="maskDirectory"/>.</summary>
    /// <param name="imageDirectory">Images.</param>
    /// <param name="maskDirectory">Label PNGs with the same stems.</param>
    /// <param name="classCount">Labels must lie below this (or be 255).</param>
    /// <param name="mean">Normalisation mean (CLIP's).</param>
    /// <param name="std">Normalisation deviation.</param>
    /// <param name="limit">At most this many pairs (name order); null = all.</param>
    /// <param name="cancellationToken">Checked between files.</param>
    /// <returns>The samples.</returns>
    /// <exception cref="TesseraArgumentException">No pair, or sizes differ between samples.</exception>
    public static SegmentationSamples Load(string imageDirectory, string maskDirectory, int classCount, IReadOnlyList<float> mean, IReadOnlyList<float> std,
        int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        var pairs = MaskFolder.List(imageDirectory, maskDirectory);
        var used = limit is { } l ? pairs.Take(l).ToList() : pairs.ToList();
        Guard.That(used.Count > 0, nameof(imageDirectory), $"'{imageDirectory}' has no image with a mask in '{maskDirectory}'");
        var raw = new List<Image>(used.Count);
        try
        {
            using var scope = torch.NewDisposeScope();
            var m = torch.tensor(mean.ToArray()).reshape(3, 1, 1);
            var s = torch.tensor(std.ToArray()).reshape(3, 1, 1);
            var images = new List<Tensor>(used.Count);
            var labels = new List<Tensor>(used.Count);
            foreach (var pair in used)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (image, map) = MaskFolder.Read(pair, classCount);
                raw.Add(image);
                Guard.That(image.Height == raw[0].Height && image.Width == raw[0].Width, nameof(imageDirectory),
                    $"'{pair.ImagePath}' is {image.Height}×{image.Width} but the first image is {raw[0].Height}×{raw[0].Width}");
                images.Add(((ImageTensors.ImageToChwFloat(image, 1f) / 255f) - m) / s);
                labels.Add(torch.tensor(map.Labels.Select(v => (long)v).ToArray(), [map.Height, map.Width]));
            }
            return new SegmentationSamples(torch.stack(images).MoveToOuterDisposeScope(), torch.stack(labels).MoveToOuterDisposeScope(), raw,
                used.Select(p => p.Name).ToList());
        }
        catch
        {
            foreach (var image in raw) { image.Dispose(); }
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        foreach (var image in _raw) { image.Dispose(); }
    }
}
