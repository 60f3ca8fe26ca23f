using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Geometry;
using Tessera.Geometry.IO;
using Tessera.Geometry.Simplification;
using Tessera.Geometry.Subdivision;
using Tessera.Geometry.Topology;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Mesh;

/// <summary>
/// <c>tessera bench mesh [--runs 5] [--reference FILE] [--json]</c>: Loop and √3 subdivision, QEM decimation of
/// the 262,144-face bumpy torus to 10 %, OBJ read/write, single thread, median of runs, against the OpenMesh/CGAL
/// times stored in <c>shared/bench/mesh-reference.json</c>, or
/// with <c>--peers</c> against OpenMesh and CGAL timed in the same run, interleaved per operation.
/// </summary>
internal sealed class BenchMeshCommand(CliConsole console) : Command<BenchMeshCommand.Settings>
{
    /// <summary>Arguments of <c>bench mesh</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Timed runs per operation.</summary>
        [CommandOption("--runs <N>")]
        [DefaultValue(5)]
        [Description("Timed runs per operation (median reported), after untimed warm-up calls that add up to one second (at least one); the peer drivers warm up the same way.")]
        public int Runs { get; init; } = 5;

        /// <summary>Reference timing file.</summary>
        [CommandOption("--reference <FILE>")]
        [Description("Reference timings (default: ../shared/bench/mesh-reference.json if present).")]
        public string? Reference { get; init; }

        /// <summary>Time the peers in the same run.</summary>
        [CommandOption("--peers")]
        [Description("Also time OpenMesh 9.0 and CGAL 5.5 in the same run (drivers in bench/mesh compiled with g++; Debian libopenmesh-dev, libcgal-dev), interleaved per operation.")]
        public bool Peers { get; init; }

        /// <summary>Interleaved rounds with --peers.</summary>
        [CommandOption("--repeat <N>")]
        [DefaultValue(3)]
        [Description("With --peers: interleaved rounds (Tessera, OpenMesh, CGAL per operation in each round); ratios are medians over rounds.")]
        public int Repeat { get; init; } = 3;

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print the rows as JSON.")]
        public bool Json { get; init; }
    }

    private sealed record Row(string Id, string Operation, string Input, double MedianSeconds, double MedianCpuSeconds, string? ReferenceId, double? ReferenceSeconds)
    {
        public double? Ratio => ReferenceSeconds / MedianSeconds;

        public double? CpuRatio => ReferenceSeconds / MedianCpuSeconds;
    }

    private sealed record Operation(string Id, string Name, string Input, string ReferenceId, Action Work);

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Runs >= 1, "--runs", $"must be >= 1 (got {settings.Runs})");
        Guard.That(settings.Repeat >= 1, "--repeat", $"must be >= 1 (got {settings.Repeat})");
        var peers = settings.Peers ? MeshPeerTimer.Prepare(console.Info, cancellationToken) : [];
        var reference = LoadReference(settings.Reference ?? FindReference());
        var large = MeshGenerators.BumpyTorus(512, 256);
        var m100k = MeshGenerators.BumpyTorus(320, 160);
        var m25k = MeshGenerators.BumpyTorus(160, 80);
        var tmp = Directory.CreateTempSubdirectory("tessera-bench-mesh-");
        try
        {
            var objPath = Path.Combine(tmp.FullName, "large.obj");
            ObjFormat.Write(objPath, large);
            Operation[] operations =
            [
                new("loop_1iter_100k", "Loop, 1 iteration", "bench_100k", "openmesh_loop_1iter_100k", () => LoopSubdivision.Apply(m100k, 1)),
                new("loop_2iter_25k", "Loop, 2 iterations", "bench_25k", "openmesh_loop_2iter_25k", () => LoopSubdivision.Apply(m25k, 2)),
                new("sqrt3_1iter_100k", "sqrt3, 1 iteration", "bench_100k", "openmesh_sqrt3_1iter_100k", () => Sqrt3Subdivision.Apply(m100k, 1)),
                new("sqrt3_2iter_25k", "sqrt3, 2 iterations", "bench_25k", "openmesh_sqrt3_2iter_25k", () => Sqrt3Subdivision.Apply(m25k, 2)),
                new("qem_large_10pct", "QEM to 10 % faces", "large", "openmesh_decimate_quadric_large_10pct",
                    () => QemSimplification.Apply(large, new QemOptions { TargetFaces = large.FaceCount / 10 })),
                new("read_obj_large", "OBJ read", "large", "openmesh_read_obj_large", () => ObjFormat.Read(objPath)),
                new("write_obj_large", "OBJ write (shortest round-trip)", "large", "openmesh_write_obj_large",
                    () => ObjFormat.Write(Path.Combine(tmp.FullName, "w.obj"), large)),
            ];
            if (peers.Count > 0)
            {
                return SameRun(settings, operations, peers, cancellationToken);
            }
            var rows = new List<Row>();
            foreach (var op in operations)
            {
                var (median, cpuMedian) = TimeTessera(op.Work, settings.Runs, cancellationToken);
                rows.Add(new Row(op.Id, op.Name, op.Input, median, cpuMedian, op.ReferenceId, reference.TryGetValue(op.ReferenceId, out var r) ? r : null));
                console.Info(string.Create(CultureInfo.InvariantCulture, $"{op.Name} ({op.Input}): {median:F4} s wall, {cpuMedian:F4} s CPU"));
            }
            return Print(settings, rows, large);
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
    }

    /// <summary>Seconds of untimed warm-up calls before the timed runs (at least one call), the rule of the peer drivers
    /// in bench/mesh too. One call is not a steady state for .NET: tiered JIT, and in a fresh process the first
    /// calls' output arrays land on freshly committed GC memory whose first touch costs about 12 µs per 4 KiB page on
    /// this project's VM (up to 30 ms per Loop call on 102,400 faces; docs/benchmarks.md, Meshes).</summary>
    private const double WarmupSeconds = 1.0;

    /// <summary>Median wall and CPU seconds of the runs, after the warm-up.</summary>
    private static (double Wall, double Cpu) TimeTessera(Action action, int runs, CancellationToken cancellationToken)
    {
        var warm = Stopwatch.StartNew();
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            action();
        }
        while (warm.Elapsed.TotalSeconds < WarmupSeconds);
        var times = new List<double>();
        var cpu = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        return (Median(times), Median(cpu));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>Rounds of (Tessera, then each peer) per operation; each ratio is a peer's median ÷ Tessera's median
    /// within one round, reported as the median (and range) over rounds, with the load average of each round.</summary>
    private int SameRun(Settings settings, Operation[] operations, IReadOnlyList<MeshPeerTimer> peers, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var tessera = operations.ToDictionary(o => o.Id, _ => new List<double>());
        var peerTimes = peers.ToDictionary(p => p.Name, _ => operations.ToDictionary(o => o.Id, _ => new List<double>()));
        var loads = new List<string>();
        for (var round = 1; round <= settings.Repeat; round++)
        {
            var load = LoadAverage.Read() ?? "unavailable";
            loads.Add(load);
            console.Info($"round {round}/{settings.Repeat}, load average {load}");
            foreach (var op in operations)
            {
                var t = TimeTessera(op.Work, settings.Runs, cancellationToken).Wall;
                tessera[op.Id].Add(t);
                var line = string.Create(inv, $"  {op.Name}: Tessera {t:F4} s");
                foreach (var peer in peers)
                {
                    var p = peer.Time(op.Id, settings.Runs, cancellationToken);
                    peerTimes[peer.Name][op.Id].Add(p);
                    line += string.Create(inv, $", {peer.Name} {p:F4} s");
                }
                console.Info(line);
            }
        }
        var loadAfter = LoadAverage.Read() ?? "unavailable";
        double[] Ratios(string peer, string id) => [.. peerTimes[peer][id].Zip(tessera[id], (p, t) => p / t)];
        if (settings.Json)
        {
            var arr = new JsonArray();
            foreach (var op in operations)
            {
                var o = new JsonObject
                {
                    ["id"] = op.Id, ["operation"] = op.Name, ["input"] = op.Input,
                    ["tessera_s"] = new JsonArray([.. tessera[op.Id].Select(x => (JsonNode)x)]),
                };
                foreach (var peer in peers)
                {
                    var key = peer.Name.ToLowerInvariant();
                    o[key + "_s"] = new JsonArray([.. peerTimes[peer.Name][op.Id].Select(x => (JsonNode)x)]);
                    o[key + "_ratio_median"] = Median([.. Ratios(peer.Name, op.Id)]);
                }
                arr.Add(o);
            }
            var doc = new JsonObject
            {
                ["runs"] = settings.Runs, ["rounds"] = settings.Repeat, ["threads"] = 1,
                ["load_average_per_round"] = new JsonArray([.. loads.Select(l => (JsonNode)l)]), ["load_average_after"] = loadAfter,
                ["ratio"] = "peer median ÷ Tessera median within a round; > 1 means Tessera is faster", ["results"] = arr,
            };
            console.Data(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumn("operation").AddColumn("input").AddColumn("Tessera (s)");
        foreach (var peer in peers) { table.AddColumn($"{peer.Name} (s)").AddColumn($"{peer.Name} ÷ Tessera"); }
        foreach (var op in operations)
        {
            var cells = new List<string> { Markup.Escape(op.Name), op.Input, Median([.. tessera[op.Id]]).ToString("F4", inv) };
            foreach (var peer in peers)
            {
                var r = Ratios(peer.Name, op.Id);
                cells.Add(Median([.. peerTimes[peer.Name][op.Id]]).ToString("F4", inv));
                cells.Add(string.Create(inv, $"{Median([.. r]):F2} ({r.Min():F2}–{r.Max():F2})"));
            }
            table.AddRow([.. cells]);
        }
        console.Out.Write(table);
        console.Data(string.Create(inv, $"{settings.Repeat} interleaved rounds of {settings.Runs} runs (median of runs per round; times: median over rounds; ratio: median and range over rounds of peer ÷ Tessera, > 1 = Tessera faster); load average per round: {string.Join(" | ", loads)}; after: {loadAfter}"));
        return 0;
    }

    private int Print(Settings settings, List<Row> rows, TriangleMesh large)
    {
        // Memory of the connectivity structure against the indexed mesh.
        var conn = new MeshConnectivity(large);
        var indexedBytes = (24L * large.VertexCount) + (12L * large.FaceCount);
        var memoryRatio = (double)conn.StorageBytes / indexedBytes;

        var inv = CultureInfo.InvariantCulture;
        if (settings.Json)
        {
            var arr = new JsonArray();
            foreach (var r in rows)
            {
                arr.Add(new JsonObject
                {
                    ["id"] = r.Id, ["operation"] = r.Operation, ["input"] = r.Input, ["median_s"] = r.MedianSeconds,
                    ["median_cpu_s"] = r.MedianCpuSeconds, ["reference_id"] = r.ReferenceId, ["reference_median_s"] = r.ReferenceSeconds,
                    ["speed_ratio_wall"] = r.Ratio, ["speed_ratio_cpu"] = r.CpuRatio,
                });
            }
            var doc = new JsonObject { ["runs"] = settings.Runs, ["threads"] = 1, ["results"] = arr, ["connectivity_memory_ratio"] = memoryRatio };
            console.Data(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("operation", "input", "wall (s)", "CPU (s)", "OpenMesh stored (s)", "ratio wall", "ratio CPU");
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Operation), r.Input, r.MedianSeconds.ToString("F4", inv), r.MedianCpuSeconds.ToString("F4", inv),
                r.ReferenceSeconds?.ToString("F4", inv) ?? "–", r.Ratio?.ToString("F2", inv) ?? "–", r.CpuRatio?.ToString("F2", inv) ?? "–");
        }
        console.Out.Write(table);
        console.Data(string.Create(inv, $"connectivity structure: {conn.StorageBytes / 1e6:F1} MB = {memoryRatio:F2}× the indexed mesh ({indexedBytes / 1e6:F1} MB)"));
        console.Info("Reference times are the stored OpenMesh 9.0 figures (same machine kind, not this session); ratios (reference ÷ Tessera) > 1 mean Tessera is faster; on a loaded machine CPU time is the fairer figure.");
        return 0;
    }

    private static Dictionary<string, double> LoadReference(string? path)
    {
        var map = new Dictionary<string, double>();
        if (path is null || !File.Exists(path)) { return map; }
        var root = JsonNode.Parse(File.ReadAllText(path));
        foreach (var r in root?["results"]?.AsArray() ?? [])
        {
            if (r?["id"]?.GetValue<string>() is { } id && r["median_s"] is { } m) { map[id] = m.GetValue<double>(); }
        }
        return map;
    }

    private static string? FindReference()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "bench", "mesh-reference.json");
            if (File.Exists(candidate)) { return Path.GetFullPath(candidate); }
            dir = dir.Parent;
        }
        return null;
    }
}
