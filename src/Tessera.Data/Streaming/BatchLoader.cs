using System.Collections.Concurrent;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Core.Random;

namespace Tessera.Data.Streaming;

/// <summary>
/// Streams batches of a dataset loaded (and augmented) on worker threads, with bounded prefetch: while the consumer
/// trains on batch <c>b</c>, up to <see cref="BatchLoaderOptions.Prefetch"/> later batches are being loaded by up to
/// <see cref="BatchLoaderOptions.Workers"/> threads. Batches arrive in order and their content depends only on the
/// seed, the epoch and the dataset, never on the number of workers or on timing.
/// </summary>
/// <remarks>
/// <para>Order: epoch <c>e</c> visits the indices in the Fisher–Yates permutation drawn from
/// <c>new SeededRandom(seed, 2·e)</c> (or in index order without shuffling).</para>
/// <para>Randomness per sample: the loader of dataset index <c>i</c> in epoch <c>e</c> gets
/// <c>new SeededRandom(seed ^ 0x9E3779B97F4A7C15·(e + 1), i)</c>, so an augmentation pipeline applied inside the loader
/// (e.g. Tessera.Augment's <c>Compose</c> with that random stream) draws the same parameters on any thread.</para>
/// <para>Tessera.Data does not reference Tessera.Augment (both sit on Imaging; DESIGN keeps them side by side), so the
/// augmentation enters as part of the loader delegate. Samples are whatever the loader returns (arrays, images, records);
/// the torch side turns them into tensors.</para>
/// </remarks>
public static class BatchLoader
{
    /// <summary>Streams the batches of one epoch.</summary>
    /// <typeparam name="T">The sample type.</typeparam>
    /// <param name="count">Dataset size.</param>
    /// <param name="load">Loads (and augments) dataset index <c>i</c> with its random stream; called on worker threads, so it must be thread-safe.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="epoch">Epoch number (changes the order and the random streams).</param>
    /// <param name="progress">Receives "load" reports (batches delivered of the epoch's total); may be null.</param>
    /// <param name="cancellationToken">Stops loading; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The batches, lazily; disposing the enumerator stops the workers.</returns>
    /// <exception cref="TesseraArgumentException">The count is negative or an option is invalid.</exception>
    public static IEnumerable<Batch<T>> Epoch<T>(int count, Func<int, IRandom, T> load, BatchLoaderOptions? options = null, int epoch = 0,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(load);
        var o = options ?? new BatchLoaderOptions();
        o.Validate();
        Guard.That(count >= 0, nameof(count), $"must not be negative (got {count})");
        Guard.That(epoch >= 0, nameof(epoch), $"must not be negative (got {epoch})");
        return Run(count, load, o, epoch, progress, cancellationToken);
    }

    /// <summary>The visiting order of an epoch (see the remarks of <see cref="BatchLoader"/>).</summary>
    /// <param name="count">Dataset size.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="epoch">Epoch.</param>
    /// <param name="shuffle">Whether to shuffle.</param>
    /// <returns>A permutation of [0, count).</returns>
    public static int[] Order(int count, ulong seed, int epoch, bool shuffle)
    {
        var order = Enumerable.Range(0, count).ToArray();
        if (!shuffle) { return order; }
        var rng = new SeededRandom(seed, 2UL * (ulong)epoch);
        for (var i = count - 1; i > 0; i--)
        {
            var j = rng.NextInt(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static IEnumerable<Batch<T>> Run<T>(int count, Func<int, IRandom, T> load, BatchLoaderOptions o, int epoch,
        IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        var order = Order(count, o.Seed, epoch, o.Shuffle);
        var batches = o.DropLast ? count / o.BatchSize : (count + o.BatchSize - 1) / o.BatchSize;
        if (batches == 0) { yield break; }
        var sampleSeed = o.Seed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(o.Prefetch);
        using var workers = new SemaphoreSlim(o.Workers);
        var pending = new ConcurrentQueue<Task<Batch<T>>>();
        var next = 0;

        Batch<T> Build(int b)
        {
            var indices = order.Skip(b * o.BatchSize).Take(o.BatchSize).ToArray();
            var samples = new T[indices.Length];
            for (var k = 0; k < indices.Length; k++)
            {
                stop.Token.ThrowIfCancellationRequested();
                samples[k] = load(indices[k], new SeededRandom(sampleSeed, (ulong)indices[k]));
            }
            return new Batch<T>(b, indices, samples);
        }

        void Fill()
        {
            while (next < batches && slots.Wait(0, CancellationToken.None))
            {
                var b = next++;
                pending.Enqueue(Task.Run(async () =>
                {
                    await workers.WaitAsync(stop.Token).ConfigureAwait(false);
                    try { return Build(b); }
                    finally { workers.Release(); }
                }, stop.Token));
            }
        }

        try
        {
            for (var delivered = 0; delivered < batches; delivered++)
            {
                Fill();
                pending.TryDequeue(out var task);
                Batch<T> batch;
                try
                {
                    batch = task!.GetAwaiter().GetResult();
                }
                catch (TaskCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                slots.Release();
                progress?.Report(new ProgressReport("load", delivered + 1, batches));
                yield return batch;
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var t in pending)
            {
                try { t.Wait(CancellationToken.None); }
                catch (AggregateException) { }
            }
        }
    }
}
