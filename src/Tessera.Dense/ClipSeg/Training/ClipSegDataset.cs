using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Data.Referring;
using Tessera.Imaging;
using Tessera.Nn.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg.Training;

/// <summary>
/// Referring-segmentation samples for CLIPSeg training and evaluation, read through Tessera.Data's
/// <see cref="ReferringFile"/> (Tessera's layout, as <c>tessera world generate</c> writes it, or PhraseCut's): every entry
/// is a phrase, an image and the region the phrase names. Images are read once each, preprocessed as CLIPSeg does
/// (<see cref="ClipSegPreprocess"/>: ImageNet normalisation, bilinear resize to <see cref="Size"/>); regions are
/// rasterised at the image's size and resized to <see cref="Size"/> by nearest neighbour.
/// </summary>
/// <remarks>Disposing frees the tensors. The raw RGB images are kept (uint8) for SegFix and pictures.</remarks>
public sealed class ClipSegDataset : IDisposable
{
    private readonly List<Image> _rgb;

    private ClipSegDataset(int size, List<string> phrases, List<int> imageOf, List<string> imagePaths, Tensor images, Tensor masks, List<Image> rgb)
    {
        Size = size;
        Phrases = phrases;
        ImageOf = imageOf;
        ImagePaths = imagePaths;
        Images = images;
        Masks = masks;
        _rgb = rgb;
    }

    /// <summary>Side of the preprocessed images and masks.</summary>
    public int Size { get; }

    /// <summary>The phrase of every sample.</summary>
    public IReadOnlyList<string> Phrases { get; }

    /// <summary>For every sample, the index of its image in <see cref="ImagePaths"/> / <see cref="Images"/>.</summary>
    public IReadOnlyList<int> ImageOf { get; }

    /// <summary>The distinct images, in first-use order.</summary>
    public IReadOnlyList<string> ImagePaths { get; }

    /// <summary>Preprocessed images <c>[I, 3, S, S]</c> (float32, ImageNet-normalised).</summary>
    public Tensor Images { get; }

    /// <summary>Target masks <c>[N, S, S]</c> (float32, 0 or 1), one per sample.</summary>
    public Tensor Masks { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Phrases.Count;

    /// <summary>The original 8-bit RGB image of image <paramref name="index"/> (owned by the dataset).</summary>
    /// <param name="index">An index into <see cref="ImagePaths"/>.</param>
    /// <returns>The image.</returns>
    public Image RawImage(int index) => _rgb[index];

    /// <summary>Reads a referring-expression file and its images.</summary>
    /// <param name="referringJson">The JSON file (<c>referring.json</c>).</param>
    /// <param name="size">Side S the images are resized to (a multiple of CLIP's patch size).</param>
    /// <param name="include">Keeps only entries whose phrase passes (null keeps all), e.g. to hold out phrases.</param>
    /// <param name="limit">Keeps at most this many entries (in file order) after filtering; null keeps all.</param>
    /// <param name="cancellationToken">Checked between images.</param>
    /// <returns>The samples.</returns>
    /// <exception cref="TesseraArgumentException">No entry is left, or the size is not positive.</exception>
    /// <exception cref="TesseraFormatException">The file, an image or a region is malformed (named).</exception>
    public static ClipSegDataset Load(string referringJson, int size, Func<string, bool>? include = null, int? limit = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(referringJson);
        Guard.Positive(size);
        var entries = ReferringFile.Read(referringJson).Where(e => include?.Invoke(e.Phrase) ?? true).ToList();
        if (limit is { } l) { entries = entries.Take(l).ToList(); }
        Guard.That(entries.Count > 0, nameof(referringJson), $"'{referringJson}' has no entry left to use (after the phrase filter)");
        var imageIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var paths = new List<string>();
        var rgb = new List<Image>();
        var phrases = new List<string>(entries.Count);
        var imageOf = new List<int>(entries.Count);
        using var scope = torch.NewDisposeScope();
        var imageTensors = new List<Tensor>();
        var maskTensors = new List<Tensor>(entries.Count);
        try
        {
            foreach (var e in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!imageIndex.TryGetValue(e.ImagePath, out var k))
                {
                    var image = ReadRgb(e.ImagePath);
                    k = paths.Count;
                    imageIndex[e.ImagePath] = k;
                    paths.Add(e.ImagePath);
                    rgb.Add(image);
                    imageTensors.Add(ClipSegPreprocess.ToTensor(image, size));
                }
                var raw = rgb[k];
                var mask = e.ToMask(raw.Height, raw.Width);
                var m = torch.tensor(mask.Select(v => v != 0 ? 1f : 0f).ToArray(), [1, 1, raw.Height, raw.Width]);
                maskTensors.Add(nn.functional.interpolate(m, [size, size], mode: InterpolationMode.Nearest).reshape(size, size));
                phrases.Add(e.Phrase);
                imageOf.Add(k);
            }
            var images = torch.stack(imageTensors).MoveToOuterDisposeScope();
            var masks = torch.stack(maskTensors).MoveToOuterDisposeScope();
            return new ClipSegDataset(size, phrases, imageOf, paths, images, masks, rgb);
        }
        catch
        {
            foreach (var image in rgb) { image.Dispose(); }
            throw;
        }
    }

    /// <summary>Reads an image as 8-bit RGB (gray repeated, alpha dropped).</summary>
    /// <param name="path">Image file.</param>
    /// <returns>A new image.</returns>
    /// <exception cref="TesseraFormatException">Not an 8-bit image.</exception>
    public static Image ReadRgb(string path)
    {
        var image = ImageFile.Read(path);
        if (image.PixelType == PixelType.UInt8 && image.Channels == 3 && image.Rank == 3) { return image; }
        using (image)
        {
            if (image.PixelType != PixelType.UInt8) { throw new TesseraFormatException(path, null, $"must be an 8-bit image, got {image}"); }
            var result = Image.Create(image.Height, image.Width, 3, PixelType.UInt8);
            var src = image.Pixels<byte>();
            var dst = result.Pixels<byte>();
            var c = image.Channels;
            for (var p = 0; p < image.Height * image.Width; p++)
            {
                for (var j = 0; j < 3; j++) { dst[(3 * p) + j] = src[(c * p) + (c >= 3 ? j : 0)]; }
            }
            return result;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Masks.Dispose();
        foreach (var image in _rgb) { image.Dispose(); }
    }
}
