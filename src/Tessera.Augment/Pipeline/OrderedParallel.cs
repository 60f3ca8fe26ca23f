using System.Runtime.ExceptionServices;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// Maps a list on worker threads and yields the results in input order, with at most <c>window</c> results
/// computed ahead of the consumer (bounded memory, like a data loader's prefetch queue).
/// </summary>
internal static class OrderedParallel
{
    /// <summary>
    /// Runs <paramref name="map"/> for every index on <paramref name="workers"/> threads and yields the results in order.
    /// A failure is rethrown when the consumer reaches its index; stopping early (or cancelling) stops the workers and
    /// hands every computed but undelivered result to <paramref name="discard"/>.
    /// </summary>
    public static IEnumerable<TOut> Map<TOut>(int count, Func<int, TOut> map, int workers, int window, Action<TOut> discard, CancellationToken cancellationToken)
    {
        var ring = new (TOut Value, ExceptionDispatchInfo? Error, bool Set)[window];
        var ready = new SemaphoreSlim[window];
        for (var k = 0; k < window; k++)
        {
            ready[k] = new SemaphoreSlim(0, 1);
        }
        using var free = new SemaphoreSlim(window, window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        void Work()
        {
            while (true)
            {
                try
                {
                    free.Wait(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                var i = Interlocked.Increment(ref next);
                if (i >= count)
                {
                    return;
                }
                try
                {
                    ring[i % window] = (map(i), null, true);
                }
#pragma warning disable CA1031 // any failure is carried to the consumer and rethrown there
                catch (Exception e)
#pragma warning restore CA1031
                {
                    ring[i % window] = (default!, ExceptionDispatchInfo.Capture(e), true);
                }
                ready[i % window].Release();
            }
        }
        var tasks = Enumerable.Range(0, Math.Min(workers, Math.Max(count, 1))).Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var delivered = 0;
        try
        {
            for (; delivered < count; delivered++)
            {
                var slot = delivered % window;
                ready[slot].Wait(stop.Token);
                var (value, error, _) = ring[slot];
                ring[slot] = default;
                error?.Throw();
                free.Release();
                yield return value;
            }
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(tasks, CancellationToken.None);
            for (var k = 0; k < window; k++)
            {
                if (ring[k] is { Set: true, Error: null } left)
                {
                    discard(left.Value);
                }
                ring[k] = default;
                ready[k].Dispose();
            }
        }
    }
}
