using Tessera.Core.Errors;

namespace Tessera.Data.World;

/// <summary>The named domains of the shapes world (an immutable catalogue).</summary>
public static class WorldDomains
{
    /// <summary>One centred medium or large solid shape on a flat or gradient background: shape + colour classification.</summary>
    public static WorldDomain Classify { get; } = new()
    {
        Name = "classify",
        Description = "one centred solid shape on a flat or gradient background (shape + colour classification)",
        MinObjects = 1, MaxObjects = 1, Centered = true,
        BackgroundWeights = [3, 1, 0, 0, 0, 0], SizeWeights = [0, 1, 1],
    };

    /// <summary>One to four separate solid or shaded shapes on flat backgrounds.</summary>
    public static WorldDomain Clean { get; } = new()
    {
        Name = "clean",
        Description = "1-4 separate solid or shaded shapes on flat backgrounds",
        MinObjects = 1, MaxObjects = 4,
        BackgroundWeights = [4, 1, 0, 0, 0, 0], TextureWeights = [3, 0, 0, 1],
    };

    /// <summary>Three to seven overlapping textured shapes on noise, stripes and checker backgrounds, with pixel noise.</summary>
    public static WorldDomain Cluttered { get; } = new()
    {
        Name = "cluttered",
        Description = "3-7 overlapping textured shapes on noise, stripe and checker backgrounds, pixel noise",
        MinObjects = 3, MaxObjects = 7, AllowOverlap = true,
        BackgroundWeights = [0, 1, 3, 1, 1, 0], TextureWeights = [2, 1, 1, 1], PixelNoise = 6, BackgroundBrightness = (90, 230),
    };

    /// <summary>Shapes over crops of the scikit-image sample photos (noise backgrounds where those photos are absent).</summary>
    public static WorldDomain Photo { get; } = new()
    {
        Name = "photo",
        Description = "1-5 shapes over crops of the scikit-image sample photos (noise backgrounds when they are not installed)",
        MinObjects = 1, MaxObjects = 5, AllowOverlap = true, MinVisibleFraction = 0.5,
        BackgroundWeights = [0, 0, 0, 0, 0, 1], TextureWeights = [3, 1, 0, 1], PixelNoise = 2,
    };

    /// <summary>Dim shapes on dark backgrounds with a blue cast and strong noise.</summary>
    public static WorldDomain Night { get; } = new()
    {
        Name = "night",
        Description = "1-4 dim shapes on dark backgrounds with a blue cast and strong pixel noise",
        MinObjects = 1, MaxObjects = 4,
        BackgroundWeights = [2, 1, 2, 0, 0, 0], TextureWeights = [3, 0, 0, 1],
        Lighting = 0.55, ColorCast = (-10, 0, 25), PixelNoise = 10, BackgroundBrightness = (15, 70),
    };

    /// <summary>Every named domain, by name.</summary>
    public static IReadOnlyDictionary<string, WorldDomain> All { get; } = new[] { Classify, Clean, Cluttered, Photo, Night }
        .ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The domain called <paramref name="name"/>.</summary>
    /// <param name="name">A domain name (case-insensitive).</param>
    /// <returns>The domain.</returns>
    /// <exception cref="TesseraArgumentException">No domain has that name (the message lists them).</exception>
    public static WorldDomain Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.TryGetValue(name, out var d) ? d
            : throw new TesseraArgumentException(nameof(name), $"unknown domain '{name}' (known: {string.Join(", ", All.Keys)})");
    }
}
