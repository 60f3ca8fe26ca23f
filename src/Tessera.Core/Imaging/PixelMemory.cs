using System.Buffers;

namespace Tessera.Core.Imaging;

/// <summary>
/// Where owned <see cref="Image"/> pixels come from: images of at least <see cref="PooledFromBytes"/> (and at most
/// <see cref="PooledUpToBytes"/>) bytes rent their buffer from the process-wide <see cref="ArrayPool{T}.Shared"/> and
/// return it on <see cref="Image.Dispose"/>; smaller or larger ones are plain arrays. A pipeline that disposes
/// what it no longer needs therefore reuses the same few buffers instead of allocating (and page-faulting) a
/// large array per image, which is what makes steady-state augmentation allocation-free and lets it scale over
/// threads. The pool trims itself under memory pressure. Each thread also keeps up to 8 buffers (32 MiB) of the images
/// it created for itself, whichever thread disposes them (see <see cref="ReleaseThreadCache"/>).
/// </summary>
public static class PixelMemory
{
    /// <summary>Smallest pooled buffer (smaller arrays are cheap for the garbage collector).</summary>
    public const int PooledFromBytes = 16 * 1024;

    /// <summary>Largest pooled buffer (the pool rounds up to powers of two; beyond this the waste is not worth it).</summary>
    public const int PooledUpToBytes = 64 * 1024 * 1024;

    internal static bool IsPooledSize(int length) => length is >= PooledFromBytes and <= PooledUpToBytes;

    /// <summary>A buffer of at least <paramref name="length"/> bytes; the first <paramref name="length"/> are zero when <paramref name="clear"/>.</summary>
    /// <param name="length">Bytes needed.</param>
    /// <param name="clear">Zero the first <paramref name="length"/> bytes.</param>
    /// <param name="home">The calling thread's cache, to give the buffer back to (null for an unpooled size).</param>
    internal static byte[] Rent(int length, bool clear, out ThreadPixelCache? home)
    {
        if (!IsPooledSize(length))
        {
            home = null;
            return new byte[length];
        }
        home = ThreadPixelCache.Current;
        var buffer = home.TryTake(length) ?? ArrayPool<byte>.Shared.Rent(length);
        if (clear)
        {
            buffer.AsSpan(0, length).Clear();
        }
        return buffer;
    }

    /// <summary>Gives a buffer from <see cref="Rent"/> back: to the renting thread's cache while it has room, else to the shared pool.</summary>
    internal static void Return(byte[] buffer, ThreadPixelCache? home)
    {
        if (home is null || !home.TryGiveBack(buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Hands the few pixel buffers the calling thread keeps for itself (at most 8 and 32 MiB) to the process-wide pool. A
    /// worker thread calls it before it ends, so that what it kept is reused by other threads at once. Images disposed
    /// later go to the shared pool.
    /// </summary>
    /// <remarks>
    /// Each thread keeps the buffers of the images it created when they are disposed, on whatever thread: its next
    /// image of the same size then reuses memory its own core last wrote. The buffers of a thread that has ended go to
    /// the shared pool.
    /// </remarks>
    public static void ReleaseThreadCache() => ThreadPixelCache.ReleaseCurrent();
}
