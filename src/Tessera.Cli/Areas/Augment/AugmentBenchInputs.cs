using OpenCvSharp;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;
using Tessera.Imaging;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary>
/// The benchmark images: random square crops (random rescale, random horizontal flip, seeded) of the
/// scikit-image sample photos astronaut, chelsea, coffee and rocket, as the albumentations baseline uses.
/// </summary>
internal static class AugmentBenchInputs
{
    private static readonly string[] Photos = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"];

    /// <summary>Folders searched for the photos, in order (Debian's python3-skimage data folder first).</summary>
    public static IReadOnlyList<string> DefaultFolders { get; } =
    [
        "/usr/lib/python3/dist-packages/skimage/data",
        "/tmp/skimage/usr/lib/python3/dist-packages/skimage/data",
    ];

    /// <summary>Finds a folder with the four photos, or null.</summary>
    public static string? FindPhotoFolder(string? explicitFolder)
    {
        if (explicitFolder is not null)
        {
            Guard.That(Photos.All(p => File.Exists(Path.Combine(explicitFolder, p))), "--photos", $"must hold {string.Join(", ", Photos)}");
            return explicitFolder;
        }
        return DefaultFolders.FirstOrDefault(d => Photos.All(p => File.Exists(Path.Combine(d, p))));
    }

    /// <summary>Builds <paramref name="count"/> size×size RGB uint8 crops.</summary>
    /// <param name="photoFolder">Folder with the skimage photos, or null to use the fallback photos.</param>
    /// <param name="fallbackPhotos">RGB photos used when no skimage folder exists (e.g. the augment fixture inputs).</param>
    /// <param name="size">Crop side.</param>
    /// <param name="count">Number of crops.</param>
    /// <param name="seed">Seed of the crop positions, scales and flips.</param>
    public static List<Image> Make(string? photoFolder, IReadOnlyList<string> fallbackPhotos, int size, int count, ulong seed)
    {
        var files = photoFolder is not null ? Photos.Select(p => Path.Combine(photoFolder, p)).ToList() : fallbackPhotos.ToList();
        Guard.That(files.Count > 0, "--photos", "no input photos found");
        var sources = files.Select(ImageFile.Read).ToList();
        var rng = new SeededRandom(seed);
        var images = new List<Image>(count);
        for (var i = 0; i < count; i++)
        {
            var src = sources[i % sources.Count];
            var minScale = Math.Max((double)size / src.Height, (double)size / src.Width);
            var scale = minScale >= 1 ? minScale : rng.Uniform(minScale, Math.Min(1, minScale * 2));
            var h = Math.Max(size, (int)Math.Round(src.Height * scale));
            var w = Math.Max(size, (int)Math.Round(src.Width * scale));
            using var mat = MatConversion.ToMat(src.Channels == 3 ? src : throw new TesseraArgumentException("--photos", "photos must be RGB"));
            using var resized = new Mat();
            Cv2.Resize(mat, resized, new Size(w, h), 0, 0, InterpolationFlags.Area);
            var y = rng.NextInt(0, h - size + 1);
            var x = rng.NextInt(0, w - size + 1);
            using var crop = new Mat(resized, new Rect(x, y, size, size));
            using var flipped = new Mat();
            if (rng.NextDouble() < 0.5)
            {
                Cv2.Flip(crop, flipped, FlipMode.Y);
            }
            else
            {
                crop.CopyTo(flipped);
            }
            images.Add(MatConversion.FromMat(flipped, keep2D: false));
        }
        return images;
    }
}
