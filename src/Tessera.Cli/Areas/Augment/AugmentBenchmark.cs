using System.Diagnostics;
using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary>One row of the augmentation benchmark.</summary>
/// <param name="Name">The baseline's transform name (<c>TrainPipeline</c> for the pipeline).</param>
/// <param name="ImagesPerSecond">Tessera, single thread, median of repeats (null when the transform is not in the catalogue).</param>
/// <param name="PerRepeat">Images per second of each repeat.</param>
/// <param name="Baseline">albumentations 1.3.1 images per second from the baseline file.</param>
/// <param name="BytesPerImage">Managed bytes allocated per image in steady state (outputs included).</param>
/// <param name="BatchImagesPerSecond">Throughput of the batch mode, when measured.</param>
internal sealed record AugmentBenchRow(string Name, double? ImagesPerSecond, IReadOnlyList<double> PerRepeat, double? Baseline, double? BytesPerImage, double? BatchImagesPerSecond)
{
    /// <summary>Tessera / albumentations: against the same-run albumentations when it was timed, else the stored figure.</summary>
    public double? Ratio => ImagesPerSecond is { } t && (PeerImagesPerSecond ?? Baseline) is { } b && b > 0 ? t / b : null;

    /// <summary>albumentations timed in the same run, interleaved with Tessera (median of the rounds), when asked for.</summary>
    public double? PeerImagesPerSecond { get; init; }

    /// <summary>albumentations images per second of each round (same clock as <see cref="PerRepeat"/>).</summary>
    public IReadOnlyList<double> PeerPerRound { get; init; } = [];

    /// <summary>Tessera ÷ albumentations of each round (round r of both sides were timed back to back).</summary>
    public IReadOnlyList<double> RatioPerRound => PeerPerRound.Count == PerRepeat.Count ? PerRepeat.Zip(PeerPerRound, (t, p) => t / p).ToList() : [];

    /// <summary>Wall-clock images per second (median), whatever clock the headline figure uses.</summary>
    public double? WallImagesPerSecond { get; init; }

    /// <summary>Batch / single-thread throughput.</summary>
    public double? BatchSpeedup => BatchImagesPerSecond is { } bt && ImagesPerSecond is { } t && t > 0 ? bt / t : null;

    /// <summary>
    /// One thread pinned to each CPU in turn (median images per second per CPU, index = CPU), timed between the batch
    /// repeats; empty where threads cannot be pinned. The CPUs of a virtual machine need not be equally fast.
    /// </summary>
    public IReadOnlyList<double> SingleThreadPerCpu { get; init; } = [];

    /// <summary>
    /// Batch ÷ one thread, where one thread's speed is the mean over the CPUs (the CPUs the workers run on) of the
    /// single-thread timings of the same round, median over the rounds: the same as <see cref="BatchSpeedup"/> on a
    /// machine whose CPUs are equally fast. Null where threads cannot be pinned.
    /// </summary>
    public double? BatchSpeedupPerCpuMean { get; init; }
}

/// <summary>What the headline images-per-second figure divides by.</summary>
internal enum BenchClock
{
    /// <summary>Elapsed wall-clock time (right on an otherwise idle machine).</summary>
    Wall,

    /// <summary>CPU time of this process (robust when other processes compete for the cores; OpenCV runs single-threaded).</summary>
    Cpu,
}

/// <summary>
/// Times every transform of the albumentations baseline (built from its <c>transforms_serialized</c>) on the same
/// kind of input: images per second, single thread, parameter sampling included, median over repeats.
/// </summary>
internal static class AugmentBenchmark
{
    /// <summary>Shortest repeat, in seconds (a repeat runs whole passes over the images until this much time has passed).</summary>
    public const double MinRepeatSeconds = 0.4;

    /// <summary>Least untimed warm-up of each transform on the Tessera side, seconds (see <see cref="Run"/>).</summary>
    public const double WarmUpSeconds = 0.5;

    /// <summary>
    /// Samples per <c>ApplyStream</c> call of the batch mode (the images repeated): an epoch of a data loader, not one
    /// call per 100 images. Each call hands work to the kept helper threads, wakes an idle virtual CPU and ends with one
    /// worker finishing the last sample alone; over 100 images that was a tenth of the time, over an epoch it is noise.
    /// Slow transforms get shorter epochs (about one single-thread repeat long, the images at least once).
    /// </summary>
    public const int BatchEpochSamples = 1000;

    /// <summary>Finds <c>shared/bench/augment-albumentations.json</c> above the current folder or the program folder.</summary>
    public static string? FindBaseline()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "bench", "augment-albumentations.json"), Path.Combine(dir.FullName, "..", "shared", "bench", "augment-albumentations.json") })
                {
                    if (File.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
                dir = dir.Parent;
            }
        }
        return null;
    }

    /// <summary>The baseline file's transform names, in its order.</summary>
    public static IReadOnlyList<string> Names(JsonObject baseline)
        => ((JsonObject)baseline["transforms_serialized"]!).Select(kv => kv.Key).ToList();

    /// <summary>Runs the benchmark.</summary>
    /// <param name="baseline">The albumentations baseline file (transform definitions and stored figures).</param>
    /// <param name="names">Transforms to time.</param>
    /// <param name="images">Input images.</param>
    /// <param name="repeats">Repeats (rounds, with a peer) per transform.</param>
    /// <param name="batchWorkers">Workers of the batch mode; 1 = off.</param>
    /// <param name="batchAll">Batch mode for every transform, not only TrainPipeline.</param>
    /// <param name="clock">Clock of the headline figures.</param>
    /// <param name="peer">albumentations, timed in the same run: each round times Tessera and albumentations back to back,
    /// alternating which goes first; null to compare with the stored figures.</param>
    /// <param name="progress">Receives the name of the transform being timed.</param>
    /// <param name="ct">Cancels the run.</param>
    /// <param name="pinnedCpu">The CPU the calling thread is pinned to (<see cref="ThreadAffinity.Pin"/>), released for the
    /// batch mode and pinned again after it; −1 when not pinned.</param>
    public static List<AugmentBenchRow> Run(JsonObject baseline, IReadOnlyList<string> names, IReadOnlyList<Image> images, int repeats, int batchWorkers,
        bool batchAll, BenchClock clock, AlbumentationsTimer? peer, Action<string>? progress, CancellationToken ct, int pinnedCpu = -1)
    {
        // single-thread timing: OpenCV must not spread work over its own threads (the baseline ran with cv2.setNumThreads(0))
        OpenCvSharp.Cv2.SetNumThreads(1);
        Guard.That(repeats >= 1, "--repeat", "must be at least 1");
        var serialized = (JsonObject)baseline["transforms_serialized"]!;
        var reference = baseline["images_per_second"] as JsonObject;
        var rows = new List<AugmentBenchRow>();
        var samples = images.Select(i => new Sample { Image = i }).ToList();
        foreach (var name in names)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Invoke(name);
            Guard.That(serialized.ContainsKey(name), "--transforms", $"unknown name {name}; the baseline has {string.Join(", ", serialized.Select(kv => kv.Key))}");
            var baseIps = reference?[name]?.GetValue<double>();
            ComposeBase pipeline;
            try
            {
                pipeline = (ComposeBase)AlbumentationsJson.FromNode(serialized[name]!.DeepClone());
            }
            catch (TesseraArgumentException)
            {
                rows.Add(new AugmentBenchRow(name, null, [], baseIps, null, null));
                continue;
            }
            // untimed warm-up: one pass, as the albumentations side gets, continued until .NET's tiered JIT has had time to
            // replace the first, unoptimized code of the transform with the optimized one (it recompiles hot methods in the
            // background after about 30 calls and a 100 ms quiet period)
            var random = new SeededRandom(0);
            int OnePass()
            {
                foreach (var s in samples)
                {
                    // the consumer is done with each output at once (as a training loop is after collating it)
                    pipeline.Apply(s, random).Dispose();
                }
                return samples.Count;
            }
            Passes(Stopwatch.StartNew(), WarmUpSeconds, OnePass);
            var perRepeat = new List<double>();
            var wall = new List<double>();
            var peerRounds = new List<double>();
            long allocated = 0;
            long processed = 0;
            using var process = Process.GetCurrentProcess();
            void TimeTessera()
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                // long enough for the CPU clock's resolution
                var done = Passes(sw, MinRepeatSeconds, OnePass);
                sw.Stop();
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                processed += done;
                perRepeat.Add(done / (clock == BenchClock.Cpu ? Math.Max(cpu, 1e-9) : sw.Elapsed.TotalSeconds));
                wall.Add(done / sw.Elapsed.TotalSeconds);
            }
            void TimePeer()
            {
                var t = peer!.Time(name);
                peerRounds.Add(clock == BenchClock.Cpu ? t.Cpu : t.Wall);
            }
            for (var r = 0; r < repeats; r++)
            {
                ct.ThrowIfCancellationRequested();
                if (peer is null)
                {
                    TimeTessera();
                }
                else if (r % 2 == 0)
                {
                    // interleaved, and each side goes first in every other round
                    TimeTessera();
                    TimePeer();
                }
                else
                {
                    TimePeer();
                    TimeTessera();
                }
            }
            var median = Median(perRepeat);
            double? batch = null;
            IReadOnlyList<double> perCpu = [];
            double? perCpuSpeedup = null;
            if (batchWorkers > 1 && (batchAll || name == "TrainPipeline"))
            {
                // a data loader: outputs in order, a few computed ahead, each disposed once consumed
                // an epoch of about one single-thread repeat's length, at most BatchEpochSamples, at least the images once
                var epochLength = (int)Math.Clamp(median * MinRepeatSeconds, samples.Count, Math.Max(samples.Count, BatchEpochSamples));
                var epoch = Enumerable.Repeat(samples, (epochLength + samples.Count - 1) / samples.Count).SelectMany(s => s).ToList();
                void Stream(ulong seed)
                {
                    foreach (var output in pipeline.ApplyStream(epoch, seed, batchWorkers, cancellationToken: ct))
                    {
                        output.Dispose();
                    }
                }
                // the batch workers may use every CPU: a pinned timing thread lets go of its CPU here (threads inherit it)
                if (pinnedCpu >= 0)
                {
                    ThreadAffinity.Unpin();
                }
                Stream(1);
                var batchRuns = new List<double>();
                var cpus = ThreadAffinity.IsSupported ? Math.Min(Environment.ProcessorCount, 64) : 0;
                var perCpuRuns = Enumerable.Range(0, cpus).Select(_ => new List<double>()).ToList();
                for (var r = 0; r < repeats; r++)
                {
                    // one thread on each CPU in turn, between the batch repeats (same sitting, same images)
                    for (var cpu = 0; cpu < cpus; cpu++)
                    {
                        if (!ThreadAffinity.Pin(cpu))
                        {
                            continue;
                        }
                        var single = Stopwatch.StartNew();
                        var n = Passes(single, MinRepeatSeconds, OnePass);
                        perCpuRuns[cpu].Add(n / single.Elapsed.TotalSeconds);
                    }
                    ThreadAffinity.Unpin();
                    // whole batches until the repeat lasts as long as a single-thread repeat (one short batch is mostly start-up)
                    var sw = Stopwatch.StartNew();
                    var round = (ulong)r;
                    var done = Passes(sw, MinRepeatSeconds, () =>
                    {
                        Stream(round);
                        return epoch.Count;
                    });
                    sw.Stop();
                    batchRuns.Add(done / sw.Elapsed.TotalSeconds);
                }
                batch = Median(batchRuns);
                perCpu = perCpuRuns.Select(runs => runs.Count > 0 ? Median(runs) : 0).ToList();
                // batch ÷ one thread per CPU round by round (the CPUs' speeds drift over a run), then the median
                if (cpus > 0 && perCpuRuns.All(runs => runs.Count == batchRuns.Count))
                {
                    perCpuSpeedup = Median(Enumerable.Range(0, batchRuns.Count).Select(r => batchRuns[r] / perCpuRuns.Average(runs => runs[r])).ToList());
                }
                if (pinnedCpu >= 0)
                {
                    ThreadAffinity.Pin(pinnedCpu);
                }
            }
            rows.Add(new AugmentBenchRow(name, median, perRepeat, baseIps, allocated / (double)processed, batch)
            {
                WallImagesPerSecond = Median(wall),
                PeerImagesPerSecond = peer is null ? null : Median(peerRounds),
                PeerPerRound = peerRounds,
                SingleThreadPerCpu = perCpu,
                BatchSpeedupPerCpuMean = perCpuSpeedup,
            });
        }
        return rows;
    }

    /// <summary>Runs <paramref name="pass"/> (which returns the images it did) at least once and until <paramref name="clock"/>
    /// shows <paramref name="seconds"/>; returns the images done.</summary>
    private static int Passes(Stopwatch clock, double seconds, Func<int> pass)
    {
        var done = 0;
        do
        {
            done += pass();
        }
        while (clock.Elapsed.TotalSeconds < seconds);
        return done;
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>The JSON report: the baseline's keys for Tessera's numbers, the stored albumentations numbers and the ratios.</summary>
    public static JsonObject ToJson(IReadOnlyList<AugmentBenchRow> rows, JsonObject baseline, int size, int images, int repeats, int workers, string inputs, BenchClock clock,
        JsonObject? peerVersions = null, string? loadAverageAtStart = null, int pinnedCpu = -1)
    {
        var peerIps = new JsonObject();
        var peerPer = new JsonObject();
        var ratioPer = new JsonObject();
        var wallIps = new JsonObject();
        var ips = new JsonObject();
        var per = new JsonObject();
        var alb = new JsonObject();
        var ratio = new JsonObject();
        var bytes = new JsonObject();
        var batch = new JsonObject();
        foreach (var r in rows)
        {
            ips[r.Name] = r.ImagesPerSecond is { } v ? Math.Round(v, 1) : null;
            wallIps[r.Name] = r.WallImagesPerSecond is { } wv ? Math.Round(wv, 1) : null;
            per[r.Name] = new JsonArray(r.PerRepeat.Select(x => (JsonNode)Math.Round(x, 1)).ToArray());
            alb[r.Name] = r.Baseline;
            if (peerVersions is not null)
            {
                peerIps[r.Name] = r.PeerImagesPerSecond is { } pv ? Math.Round(pv, 1) : null;
                peerPer[r.Name] = new JsonArray(r.PeerPerRound.Select(x => (JsonNode)Math.Round(x, 1)).ToArray());
                ratioPer[r.Name] = new JsonArray(r.RatioPerRound.Select(x => (JsonNode)Math.Round(x, 3)).ToArray());
            }
            ratio[r.Name] = r.Ratio is { } q ? Math.Round(q, 3) : null;
            bytes[r.Name] = r.BytesPerImage is { } b ? Math.Round(b) : null;
            if (r.BatchImagesPerSecond is { } bt)
            {
                batch[r.Name] = new JsonObject
                {
                    ["workers"] = workers,
                    ["images_per_second"] = Math.Round(bt, 1),
                    ["speedup_vs_single_thread"] = Math.Round(r.BatchSpeedup ?? 0, 3),
                    ["single_thread_per_cpu"] = new JsonArray(r.SingleThreadPerCpu.Select(x => (JsonNode)Math.Round(x, 1)).ToArray()),
                    ["speedup_vs_single_thread_cpu_mean"] = r.BatchSpeedupPerCpuMean is { } m ? Math.Round(m, 3) : null,
                };
            }
        }
        var json = new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["what"] = "Tessera single-thread throughput, images per second (median over repeats); parameter sampling included",
                ["date_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["logical_cpus"] = Environment.ProcessorCount,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["images"] = images,
                ["image_shape"] = new JsonArray(size, size, 3),
                ["repeats"] = repeats,
                ["clock"] = clock == BenchClock.Cpu ? "process CPU time (OpenCV single-threaded); images_per_second_wall has the wall-clock figures" : "wall clock",
                ["pinned_cpu"] = pinnedCpu >= 0
                    ? $"single-thread timing on CPU {pinnedCpu} only, for Tessera and the albumentations process alike; batch mode on every CPU"
                    : "not pinned (the scheduler chose the CPUs)",
                ["load_average_at_start"] = loadAverageAtStart,
                ["load_average_at_end"] = LoadAverage(),
                ["inputs"] = inputs,
                ["baseline"] = peerVersions is null
                    ? "albumentations 1.3.1 figures stored in shared/bench/augment-albumentations.json (" + (baseline["header"]?["date_utc"]?.GetValue<string>() ?? "?") + "), not re-measured in this run"
                    : "albumentations timed in this run, in a Python process beside this one, on the same images, interleaved per transform (each round: Tessera and albumentations back to back, alternating which goes first); ratio = median Tessera ÷ median albumentations; albumentations_stored_images_per_second has the stored figures",
                ["albumentations_same_run"] = peerVersions?.DeepClone(),
            },
            ["images_per_second"] = ips,
            ["images_per_second_per_repeat"] = per,
            ["images_per_second_wall"] = wallIps,
            ["albumentations_images_per_second"] = peerVersions is null ? alb : peerIps,
            ["ratio_vs_albumentations"] = ratio,
            ["allocated_bytes_per_image"] = bytes,
            ["batch"] = batch,
        };
        if (peerVersions is not null)
        {
            json["albumentations_images_per_second_per_round"] = peerPer;
            json["ratio_per_round"] = ratioPer;
            json["albumentations_stored_images_per_second"] = alb;
        }
        return json;
    }

    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg, or null.</summary>
    public static string? LoadAverage() => Tessera.Core.Diagnostics.LoadAverage.Read();
}
