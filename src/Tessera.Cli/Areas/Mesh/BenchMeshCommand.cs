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
/// times stored in <c>shared/bench/mesh-reference.json</c>.
/// </summary>
internal sealed class BenchMeshCommand(CliConsole console) : Command<BenchMeshCommand.Settings>
{
    /// <summary>Arguments of <c>bench mesh</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Timed runs per operation.</summary>
        [CommandOption("--runs <N>")]
        [DefaultValue(5)]
        [Description("Timed runs per operation (median reported, after one warm-up run).")]
        public int Runs { get; init; } = 5;

        /// <summary>Reference timing file.</summary>
        [CommandOption("--reference <FILE>")]
        [Description("Reference timings (default: ../shared/bench/mesh-reference.json if present).")]
        public string? Reference { get; init; }

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

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Runs >= 1, "--runs", $"must be >= 1 (got {settings.Runs})");
        var reference = LoadReference(settings.Reference ?? FindReference());
        var large = MeshGenerators.BumpyTorus(512, 256);
        var m100k = MeshGenerators.BumpyTorus(320, 160);
        var m25k = MeshGenerators.BumpyTorus(160, 80);
        var rows = new List<Row>();
        var tmp = Directory.CreateTempSubdirectory("tessera-bench-mesh-");
        try
        {
            var objPath = Path.Combine(tmp.FullName, "large.obj");
            ObjFormat.Write(objPath, large);
            void Time(string id, string op, string input, string? refId, Action action)
            {
                cancellationToken.ThrowIfCancellationRequested();
                action();
                var times = new List<double>();
                var cpu = new List<double>();
                using var process = Process.GetCurrentProcess();
                for (var r = 0; r < settings.Runs; r++)
                {
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    action();
                    times.Add(sw.Elapsed.TotalSeconds);
                    process.Refresh();
                    cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
                }
                times.Sort();
                cpu.Sort();
                var median = times[times.Count / 2];
                var cpuMedian = cpu[cpu.Count / 2];
                rows.Add(new Row(id, op, input, median, cpuMedian, refId, refId is not null && reference.TryGetValue(refId, out var s) ? s : null));
                console.Info(string.Create(CultureInfo.InvariantCulture, $"{op} ({input}): {median:F4} s wall, {cpuMedian:F4} s CPU"));
            }
            Time("loop_1iter_100k", "Loop, 1 iteration", "bench_100k", "openmesh_loop_1iter_100k", () => LoopSubdivision.Apply(m100k, 1));
            Time("loop_2iter_25k", "Loop, 2 iterations", "bench_25k", "openmesh_loop_2iter_25k", () => LoopSubdivision.Apply(m25k, 2));
            Time("sqrt3_1iter_100k", "sqrt3, 1 iteration", "bench_100k", "openmesh_sqrt3_1iter_100k", () => Sqrt3Subdivision.Apply(m100k, 1));
            Time("sqrt3_2iter_25k", "sqrt3, 2 iterations", "bench_25k", "openmesh_sqrt3_2iter_25k", () => Sqrt3Subdivision.Apply(m25k, 2));
            Time("qem_large_10pct", "QEM to 10 % faces", "large", "openmesh_decimate_quadric_large_10pct",
                () => QemSimplification.Apply(large, new QemOptions { TargetFaces = large.FaceCount / 10 }));
            Time("read_obj_large", "OBJ read", "large", "openmesh_read_obj_large", () => ObjFormat.Read(objPath));
            Time("write_obj_large", "OBJ write (shortest round-trip)", "large", "openmesh_write_obj_large",
                () => ObjFormat.Write(Path.Combine(tmp.FullName, "w.obj"), large));
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
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
