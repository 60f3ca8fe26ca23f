using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Data.Folders;

/// <summary>
/// An image-classification dataset laid out as one sub-folder per class (<c>ROOT/CLASS/*.png|jpg|jpeg</c>, like
/// torchvision's <c>ImageFolder</c>): classes are the sub-folder names in ordinal order (class index = position), samples
/// are ordered by class then file name. Other files are ignored.
/// </summary>
public sealed class ImageFolderDataset
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    private ImageFolderDataset(string root, IReadOnlyList<string> classes, IReadOnlyList<(string Path, int Label)> samples)
    {
        Root = root;
        Classes = classes;
        Samples = samples;
    }

    /// <summary>The root folder.</summary>
    public string Root { get; }

    /// <summary>Class names (sub-folder names), index = label.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Image paths and their labels.</summary>
    public IReadOnlyList<(string Path, int Label)> Samples { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Samples.Count;

    /// <summary>Scans a root folder.</summary>
    /// <param name="root">The folder holding one sub-folder per class.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="TesseraFormatException">The folder has no class sub-folder, or a class folder holds no image (the folder is named).</exception>
    public static ImageFolderDataset Open(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root)) { throw new DirectoryNotFoundException($"image folder '{root}' does not exist"); }
        var classes = Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0) { throw new TesseraFormatException(root, null, "has no class sub-folders (expected ROOT/CLASS/image.png)"); }
        var samples = new List<(string, int)>();
        for (var c = 0; c < classes.Count; c++)
        {
            var dir = Path.Combine(root, classes[c]);
            var files = Directory.EnumerateFiles(dir).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) { throw new TesseraFormatException(dir, null, "class folder holds no .png/.jpg/.jpeg image"); }
            samples.AddRange(files.Select(f => (f, c)));
        }
        return new ImageFolderDataset(root, classes, samples);
    }

    /// <summary>Reads sample <paramref name="index"/> as RGB uint8.</summary>
    /// <param name="index">0-based sample index.</param>
    /// <returns>The image (the caller owns it) and its label.</returns>
    /// <exception cref="TesseraArgumentException">The index is out of range.</exception>
    /// <exception cref="TesseraFormatException">The image cannot be decoded (the file is named).</exception>
    public (Image Image, int Label) Read(int index)
    {
        Guard.That(index >= 0 && index < Count, nameof(index), $"must lie in [0, {Count}) (got {index})");
        return (ImageLabelFolder.ReadRgb(Samples[index].Path), Samples[index].Label);
    }
}
