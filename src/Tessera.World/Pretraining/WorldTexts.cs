using Tessera.Core.Random;
using Tessera.Data.World;

namespace Tessera.World.Pretraining;

/// <summary>The texts the tiny CLIP is trained and evaluated with (templates over the world's vocabulary).</summary>
public static class WorldTexts
{
    /// <summary>Zero-shot prompt of a shape: "a {shape}".</summary>
    /// <param name="shape">Shape name.</param>
    /// <returns>The prompt.</returns>
    public static string ShapePrompt(string shape) => $"a {shape}";

    /// <summary>Zero-shot prompt of a colour: "a {colour} shape".</summary>
    /// <param name="color">Colour name.</param>
    /// <returns>The prompt.</returns>
    public static string ColorPrompt(string color) => $"a {color} shape";

    /// <summary>Zero-shot prompt of a shape-and-colour class: "a {colour} {shape}".</summary>
    /// <param name="color">Colour name.</param>
    /// <param name="shape">Shape name.</param>
    /// <returns>The prompt.</returns>
    public static string ShapeColorPrompt(string color, string shape) => $"a {color} {shape}";

    /// <summary>
    /// The training text of a scene: single-object scenes get one of four templates (the caption, "a {colour} {shape}",
    /// "a {shape}", "a {colour} shape") drawn from <paramref name="seed"/> and the scene index; other scenes get their caption.
    /// </summary>
    /// <param name="scene">The scene.</param>
    /// <param name="seed">The run's seed.</param>
    /// <returns>The text.</returns>
    public static string TrainingText(WorldScene scene, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scene);
        if (scene.Objects.Count != 1) { return scene.Caption; }
        var o = scene.Objects[0];
        return new SeededRandom(seed ^ 0x7E47UL, (ulong)scene.Index).NextInt(0, 4) switch
        {
            0 => scene.Caption,
            1 => ShapeColorPrompt(o.ColorName, o.ShapeName),
            2 => ShapePrompt(o.ShapeName),
            _ => ColorPrompt(o.ColorName),
        };
    }

    /// <summary>Every word the world's texts use (for <see cref="Vocabulary.CompactClipVocabulary"/>), plus digit words.</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        .. WorldVocabulary.Shapes, .. WorldVocabulary.Colors, .. WorldVocabulary.Sizes, .. WorldVocabulary.Textures,
        "plain", "gradient", "noisy", "striped", "checkered", "photo", "a", "an", "the", "and", ",", ".", "on", "of", "background",
        "shape", "shapes", "left", "right", "above", "below", "digit", "handwritten", "number",
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    ];
}
