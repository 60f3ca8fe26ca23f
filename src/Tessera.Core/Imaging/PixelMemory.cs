using System.Buffers;

namespace Tessera.Core.Imaging;

/// <summary>
/// Where owned <see cref="Image"/> pixels come from: images of at least <see cref="PooledFromBytes"/> (and at most
/// <see cref="PooledUpToBytes"/>) bytes rent their buffer from the process-wide <see cref="ArrayPool{T}.Shared"/> and
/// return it on <see cref="Image.Dispose"/>; smaller or larger ones are plain arrays. A pipeline that disposes
/// what it no longer needs therefore reuses the same few buffers instead of allocating (and page-faulting) a
/// large array per image, which is what makes steady-state augmentation allocation-free and lets it scale over
/// threads. The pool trims itself under memory pressure.
/// </summary>
public static class PixelMemory
{
    /// <summary>Smallest pooled buffer (smaller arrays are cheap for the garbage collector).</summary>
    public const int PooledFromBytes = 16 * 1024;

    /// <summary>Largest pooled buffer (the pool rounds up to powers of two; beyond this the waste is not worth it).</summary>
    public const int PooledUpToBytes = 64 * 1024 * 1024;

    internal static bool IsPooledSize(int length) => length is >= PooledFromBytes and <= PooledUpToBytes;

    /// <summary>A buffer of at least <paramref name="length"/> bytes; the first <paramref name="length"/> are zero when <paramref name="clear"/>.</summary>
    internal static byte[] Rent(int length, bool clear)
    {
        if (!IsPooledSize(length))
        {
            return new byte[length];
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        if (clear)
        {
            buffer.AsSpan(0, length).Clear();
        }
        return buffer;
    }

    /// <summary>Gives a buffer from <see cref="Rent"/> back.</summary>
    internal static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}
