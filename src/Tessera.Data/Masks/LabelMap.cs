using Tessera.Core.Arrays;

namespace Tessera.Data.Masks;

/// <summary>A label map read from a mask PNG: one class index per pixel (row-major), with an optional ignore label.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Labels">H·W class indices (the ignore label where a pixel has no class).</param>
/// <param name="IgnoreLabel">The value that marks pixels to ignore, or null.</param>
public sealed record LabelMap(int Height, int Width, IReadOnlyList<int> Labels, int? IgnoreLabel)
{
    /// <summary>The labels as a new int32 array <c>[H, W]</c>.</summary>
    /// <returns>A new array.</returns>
    public NdArray ToArray() => NdArray.FromArray<int>(Labels.ToArray(), Height, Width);

    /// <summary>Pixels per label value (the ignore label included).</summary>
    /// <returns>A new dictionary.</returns>
    public IReadOnlyDictionary<int, int> Histogram() => Labels.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
}
