using Tessera.Core.Imaging;

namespace Tessera.Core.Tests.Imaging;

public class ThreadPixelCacheTests
{
    [Fact]
    public void Image_DisposedOnAnotherThread_ItsBufferComesBackToTheCreatingThread()
    {
        // a worker makes an image, the consumer disposes it, the worker's next image of that size reuses the same buffer
        // (the buffer is recognised by a random mark: an uninitialized image keeps the bytes its buffer held)
        var mark = Guid.NewGuid().ToByteArray();
        Image? made = null;
        byte[]? seen = null;
        using var handedOver = new ManualResetEventSlim();
        using var disposed = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            made = Image.CreateUninitialized(128, 128, 3, PixelType.UInt8);
            mark.CopyTo(made.Bytes);
            handedOver.Set();
            disposed.Wait();
            using var next = Image.CreateUninitialized(128, 128, 3, PixelType.UInt8);
            seen = next.Bytes[..mark.Length].ToArray();
        });
        worker.Start();
        handedOver.Wait();
        made!.Dispose();
        disposed.Set();
        worker.Join();
        Assert.Equal(mark, seen);
    }

    [Fact]
    public void TryGiveBack_KeepsAtMostTheSlotsAndBytes()
    {
        var cache = ThreadPixelCache.Current;
        ThreadPixelCache.ReleaseCurrent(); // a fresh cache for this thread below
        cache = ThreadPixelCache.Current;
        var kept = Enumerable.Range(0, ThreadPixelCache.Slots + 2).Select(_ => new byte[1 << 16]).Count(cache.TryGiveBack);
        Assert.Equal(ThreadPixelCache.Slots, kept);
        ThreadPixelCache.ReleaseCurrent();
        var big = ThreadPixelCache.Current;
        Assert.True(big.TryGiveBack(new byte[1 << 24]));
        Assert.True(big.TryGiveBack(new byte[1 << 24]));
        Assert.False(big.TryGiveBack(new byte[1 << 16])); // 32 MiB reached
        ThreadPixelCache.ReleaseCurrent();
    }

    [Fact]
    public void TryTake_OnlyTheSizeThePoolWouldRent()
    {
        ThreadPixelCache.ReleaseCurrent();
        var cache = ThreadPixelCache.Current;
        var buffer = new byte[1 << 16];
        Assert.True(cache.TryGiveBack(buffer));
        Assert.Null(cache.TryTake((1 << 16) + 1)); // would rent 128 KiB
        Assert.Null(cache.TryTake(1 << 15));
        Assert.Same(buffer, cache.TryTake(40_000)); // 40,000 bytes rent 64 KiB
        Assert.Null(cache.TryTake(40_000));
        ThreadPixelCache.ReleaseCurrent();
    }

    [Fact]
    public void TryGiveBack_AfterReleaseOrThreadEnd_Refuses()
    {
        ThreadPixelCache? ended = null;
        var t = new Thread(() => ended = ThreadPixelCache.Current);
        t.Start();
        t.Join();
        Assert.False(ended!.TryGiveBack(new byte[1 << 16]));

        ThreadPixelCache.ReleaseCurrent();
        var released = ThreadPixelCache.Current;
        ThreadPixelCache.ReleaseCurrent();
        Assert.False(released.TryGiveBack(new byte[1 << 16]));
        Assert.NotSame(released, ThreadPixelCache.Current);
        ThreadPixelCache.ReleaseCurrent();
    }
}
