namespace Tessera.Data.Masks;

/// <summary>A decoded label PNG: one integer per pixel (palette index or gray level), row-major.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="BitDepth">Bits per pixel in the file (1, 2, 4, 8 or 16).</param>
/// <param name="IsPalette">Whether the file was a palette PNG (values are palette indices).</param>
/// <param name="Values">H·W values.</param>
/// <param name="Palette">The palette of a palette PNG, else null.</param>
public sealed record IndexedPng(int Height, int Width, int BitDepth, bool IsPalette, IReadOnlyList<int> Values, IReadOnlyList<(byte R, byte G, byte B)>? Palette);
