namespace Tessera.Data.World;

/// <summary>
/// The words of the world: shape names, colour names with their RGB values, size classes, textures and
/// background kinds, in their fixed index order (class indices and captions use these).
/// </summary>
public static class WorldVocabulary
{
    /// <summary>Shape names, indexed by <see cref="ShapeKind"/>.</summary>
    public static IReadOnlyList<string> Shapes { get; } = ["circle", "square", "triangle", "star", "ring", "hexagon", "cross"];

    /// <summary>Colour names (index = colour id).</summary>
    public static IReadOnlyList<string> Colors { get; } = ["red", "green", "blue", "yellow", "purple", "orange", "cyan", "pink"];

    /// <summary>Base RGB of each colour (before a domain's jitter and lighting).</summary>
    public static IReadOnlyList<(byte R, byte G, byte B)> ColorValues { get; } =
    [
        (215, 38, 38), (46, 160, 67), (37, 84, 214), (240, 200, 30), (140, 65, 190), (245, 130, 25), (30, 190, 200), (240, 110, 170),
    ];

    /// <summary>Size classes (index = size id): radius ranges 7–10 %, 12–16 % and 19–24 % of the image side.</summary>
    public static IReadOnlyList<string> Sizes { get; } = ["small", "medium", "large"];

    /// <summary>Fill textures of a shape.</summary>
    public static IReadOnlyList<string> Textures { get; } = ["solid", "striped", "checkered", "shaded"];

    /// <summary>Background kinds.</summary>
    public static IReadOnlyList<string> Backgrounds { get; } = ["flat", "gradient", "noise", "stripes", "checker", "photo"];

    /// <summary>Name of the combined shape-and-colour class <c>shape × Colors.Count + colour</c>, e.g. "red triangle".</summary>
    /// <param name="classIndex">A class index in [0, 56).</param>
    /// <returns>"colour shape".</returns>
    public static string ShapeColorClassName(int classIndex) => $"{Colors[classIndex % Colors.Count]} {Shapes[classIndex / Colors.Count]}";

    /// <summary>Number of shape-and-colour classes (7 × 8 = 56).</summary>
    public static int ShapeColorClassCount => Shapes.Count * Colors.Count;
}
