namespace Tessera.Imaging;

/// <summary>Limits applied by <see cref="ImageFile.Read(string, ImageReadOptions?)"/> before a file reaches the decoder.</summary>
public sealed record ImageReadOptions
{
    /// <summary>The default pixel limit: 2^27 (134 million pixels, e.g. 11585×11585).</summary>
    public const long DefaultMaxPixels = 1L << 27;

    /// <summary>The defaults.</summary>
    public static ImageReadOptions Default { get; } = new();

    /// <summary>
    /// Largest width × height a file may declare in its header. Larger files are refused before any pixel is decoded
    /// (a decompression bomb of a few kilobytes can declare gigabytes). Raise it for genuinely huge images.
    /// </summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;
}
