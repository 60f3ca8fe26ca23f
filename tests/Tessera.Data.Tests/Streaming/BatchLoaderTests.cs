using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Core.Random;
using Tessera.Data.Streaming;

namespace Tessera.Data.Tests.Streaming;

public class BatchLoaderTests
{
    // A stand-in for an augmentation pipeline: the sample depends on its index and its random stream only.
    private static (int Index, double Draw) Load(int i, IRandom rng)
    {
        Thread.SpinWait((i * 7919) % 5000);
        return (i, rng.NextDouble());
    }

    [Fact]
    public void Epoch_AnyWorkerCount_SameBatchesInOrder()
    {
        var reference = BatchLoader.Epoch(103, Load, new BatchLoaderOptions { BatchSize = 10, Workers = 1, Seed = 5 }).ToList();
        Assert.Equal(11, reference.Count);
        Assert.Equal(3, reference[^1].Samples.Count);
        Assert.Equal(Enumerable.Range(0, 103), reference.SelectMany(b => b.SampleIndices).Order());
        foreach (var workers in new[] { 2, 4, 8 })
        {
            var other = BatchLoader.Epoch(103, Load, new BatchLoaderOptions { BatchSize = 10, Workers = workers, Prefetch = 3, Seed = 5 }).ToList();
            Assert.Equal(reference.Select(b => b.Index), other.Select(b => b.Index));
            Assert.Equal(reference.SelectMany(b => b.Samples), other.SelectMany(b => b.Samples));
        }
        var nextEpoch = BatchLoader.Epoch(103, Load, new BatchLoaderOptions { BatchSize = 10, Seed = 5 }, epoch: 1).ToList();
        Assert.NotEqual(reference.SelectMany(b => b.SampleIndices), nextEpoch.SelectMany(b => b.SampleIndices));
        // The same sample gets a different random stream in another epoch (fresh augmentation).
        var draws0 = reference.SelectMany(b => b.Samples).ToDictionary(s => s.Index, s => s.Draw);
        Assert.NotEqual(draws0[0], nextEpoch.SelectMany(b => b.Samples).First(s => s.Index == 0).Draw);
    }

    [Fact]
    public void Epoch_NoShuffleDropLast_IndexOrderAndFullBatches()
    {
        var batches = BatchLoader.Epoch(25, (i, _) => i, new BatchLoaderOptions { BatchSize = 10, Shuffle = false, DropLast = true }).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal(Enumerable.Range(0, 20), batches.SelectMany(b => b.Samples));
    }

    [Fact]
    public void Epoch_PrefetchIsBounded()
    {
        var loaded = 0;
        using var e = BatchLoader.Epoch(1000, (i, _) => Interlocked.Increment(ref loaded), new BatchLoaderOptions { BatchSize = 10, Workers = 4, Prefetch = 2 }).GetEnumerator();
        Assert.True(e.MoveNext());
        Thread.Sleep(200);
        // Consumer holds batch 0; at most Prefetch batches (+ the one delivered) were loaded.
        Assert.InRange(Volatile.Read(ref loaded), 10, 30);
    }

    [Fact]
    public void Epoch_CancellationAndLoaderErrors_Surface()
    {
        using var cts = new CancellationTokenSource();
        var progress = new List<ProgressReport>();
        var stream = BatchLoader.Epoch(100, (i, _) => i, new BatchLoaderOptions { BatchSize = 10 }, 0, new SyncProgress(progress), cts.Token);
        using (var e = stream.GetEnumerator())
        {
            Assert.True(e.MoveNext());
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => { while (e.MoveNext()) { } });
        }
        Assert.Equal(("load", 1L, (long?)10), (progress[0].Stage, progress[0].Done, progress[0].Total));
        var failing = BatchLoader.Epoch(30, (i, _) => i == 17 ? throw new InvalidDataException("bad sample 17") : i, new BatchLoaderOptions { BatchSize = 10, Shuffle = false });
        Assert.Contains("17", Assert.Throws<InvalidDataException>(() => failing.ToList()).Message);
        Assert.Throws<TesseraArgumentException>(() => BatchLoader.Epoch(10, (i, _) => i, new BatchLoaderOptions { Workers = 0 }));
    }

    private sealed class SyncProgress(List<ProgressReport> sink) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => sink.Add(value);
    }
}
