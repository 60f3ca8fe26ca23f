using System.Runtime.ExceptionServices;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// Maps a list on worker threads and yields the results in input order, with at most <c>window</c> results
/// computed ahead of the consumer (bounded memory, like a data loader's prefetch queue). The consuming thread is
/// one of the workers: while the result it needs next is not ready, it computes the next unclaimed item itself, so
/// <c>workers</c> threads are busy in all (not <c>workers</c> plus a waiting consumer competing for the cores).
/// </summary>
internal static class OrderedParallel
{
    /// <summary>
    /// Runs <paramref name="map"/> for every index on <paramref name="workers"/> threads (the consumer included) and
    /// yields the results in order. A failure is rethrown when the consumer reaches its index; stopping early (or
    /// cancelling) stops the workers and hands every computed but undelivered result to <paramref name="discard"/>.
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

        // the next unclaimed index, or -1 when none may be claimed now (window full, without blocking) or ever (all claimed)
        int Claim(bool block)
        {
            if (block)
            {
                free.Wait(stop.Token);
            }
            else if (!free.Wait(0, CancellationToken.None))
            {
                return -1;
            }
            var i = Interlocked.Increment(ref next);
            if (i < count)
            {
                return i;
            }
            free.Release();
            return -1;
        }

        void Compute(int i)
        {
            try
            {
                ring[i % window] = (map(i), null, true);
            }
#pragma warning disable CA1031 // any failure is carried to the consumer and rethrown at its index
            catch (Exception e)
#pragma warning restore CA1031
            {
                ring[i % window] = (default!, ExceptionDispatchInfo.Capture(e), true);
            }
            ready[i % window].Release();
        }

        void Work()
        {
            try
            {
                for (var i = Claim(block: true); i >= 0; i = Claim(block: true))
                {
                    Compute(i);
                }
            }
            catch (OperationCanceledException)
            {
                // stopped by the consumer
            }
        }

        var helpers = Math.Max(0, Math.Min(workers - 1, count - 1));
        // the helpers are kept threads (HelperThreads), as a data loader keeps its workers between epochs
        using var helpersDone = new CountdownEvent(helpers);
        var started = 0;
        try
        {
            for (; started < helpers; started++)
            {
                HelperThreads.Run(Work, helpersDone);
            }
            for (var delivered = 0; delivered < count; delivered++)
            {
                stop.Token.ThrowIfCancellationRequested();
                var slot = delivered % window;
                while (!ready[slot].Wait(0, CancellationToken.None))
                {
                    var j = Claim(block: false);
                    if (j >= 0)
                    {
                        Compute(j);
                    }
                    else
                    {
                        ready[slot].Wait(stop.Token);
                        break;
                    }
                }
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
            // a helper that could not be started will not signal
            if (started < helpers)
            {
                helpersDone.Signal(helpers - started);
            }
            helpersDone.Wait(CancellationToken.None);
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
