using System.Buffers;
using System.Numerics;

namespace Tessera.Core.Imaging;

/// <summary>
/// A thread's own few pooled pixel buffers. An image remembers the cache of the thread that rented its pixels and gives
/// them back there, whichever thread disposes it; that thread's next image of the same size then reuses memory its own
/// core last wrote. Without it a data loader's outputs, made on a worker and disposed on the consumer, went back to the
/// consumer's side of the shared pool, and the workers went on writing buffers last held in the other core's cache.
/// Bounded: at most <see cref="Slots"/> buffers and <see cref="MaxBytes"/> bytes per thread; a buffer that does not fit,
/// or whose thread has ended or released its cache, goes to <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
internal sealed class ThreadPixelCache
{
    /// <summary>Buffers kept per thread.</summary>
    public const int Slots = 8;

    /// <summary>Bytes kept per thread.</summary>
    public const long MaxBytes = 32L << 20;

    [ThreadStatic]
    private static ThreadPixelCache? t_current;

    private readonly Thread _owner = Thread.CurrentThread;
    private readonly byte[]?[] _buffers = new byte[Slots][];
    private readonly Lock _gate = new();
    private long _bytes;
    private bool _released;

    /// <summary>The calling thread's cache (created on first use).</summary>
    public static ThreadPixelCache Current => t_current ??= new ThreadPixelCache();

    /// <summary>Hands the calling thread's buffers to the shared pool; its images disposed later go there too.</summary>
    public static void ReleaseCurrent()
    {
        if (t_current is { } cache)
        {
            t_current = null;
            cache.Release();
        }
    }

    /// <summary>A kept buffer of the size <see cref="ArrayPool{T}.Shared"/> would rent for <paramref name="length"/>, or null.</summary>
    public byte[]? TryTake(int length)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)length);
        lock (_gate)
        {
            for (var i = 0; i < Slots; i++)
            {
                if (_buffers[i] is { } b && b.Length == size)
                {
                    _buffers[i] = null;
                    _bytes -= b.Length;
                    return b;
                }
            }
        }
        return null;
    }

    /// <summary>Keeps <paramref name="buffer"/> for this cache's thread; false when it does not fit or the thread is gone.</summary>
    public bool TryGiveBack(byte[] buffer)
    {
        if (!_owner.IsAlive)
        {
            return false;
        }
        lock (_gate)
        {
            if (_released || _bytes + buffer.Length > MaxBytes)
            {
                return false;
            }
            for (var i = 0; i < Slots; i++)
            {
                if (_buffers[i] is null)
                {
                    _buffers[i] = buffer;
                    _bytes += buffer.Length;
                    return true;
                }
            }
        }
        return false;
    }

    private void Release()
    {
        lock (_gate)
        {
            _released = true;
            for (var i = 0; i < Slots; i++)
            {
                if (_buffers[i] is { } b)
                {
                    _buffers[i] = null;
                    ArrayPool<byte>.Shared.Return(b);
                }
            }
            _bytes = 0;
        }
    }
}
