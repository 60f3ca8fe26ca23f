using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Core.Errors;

namespace Tessera.Cli.Areas.Mesh;

/// <summary>
/// The peer libraries of <c>tessera bench mesh --peers</c>: the C++ drivers in <c>bench/mesh/</c> (OpenMesh 9.0 and
/// CGAL 5.5, Debian <c>libopenmesh-dev</c> and <c>libcgal-dev</c>) compiled with g++ into a folder outside the
/// repository (rebuilt when the source is newer), and run one operation at a time so that the benchmark can
/// interleave them with Tessera's own timings.
/// </summary>
internal sealed class MeshPeerTimer
{
    private readonly string _binary;
    private readonly string _scratch;

    private MeshPeerTimer(string name, string binary, string scratch)
    {
        Name = name;
        _binary = binary;
        _scratch = scratch;
    }

    /// <summary>Library name (OpenMesh, CGAL).</summary>
    public string Name { get; }

    /// <summary>Builds (if needed) both drivers; errors name the missing Debian package.</summary>
    public static IReadOnlyList<MeshPeerTimer> Prepare(Action<string> info, CancellationToken cancellationToken)
    {
        var source = FindSourceFolder() ?? throw new TesseraArgumentException("--peers",
            "needs the repository's bench/mesh folder (openmesh_bench.cpp, cgal_bench.cpp, peer_bench.hpp); run the tessera built from a clone");
        var output = Path.Combine(Path.GetTempPath(), "tessera-mesh-peers");
        Directory.CreateDirectory(output);
        return
        [
            Build("OpenMesh", Path.Combine(source, "openmesh_bench.cpp"), output, "libopenmesh-dev",
                ["-lOpenMeshTools", "-lOpenMeshCore"], info, cancellationToken),
            Build("CGAL", Path.Combine(source, "cgal_bench.cpp"), output, "libcgal-dev libeigen3-dev libgmp-dev libmpfr-dev",
                ["-DCGAL_EIGEN3_ENABLED", "-I/usr/include/eigen3", "-lgmp", "-lmpfr"], info, cancellationToken),
        ];
    }

    /// <summary>Median seconds of <paramref name="runs"/> timed runs (after a warm-up) of one operation.</summary>
    public double Time(string operation, int runs, CancellationToken cancellationToken)
    {
        var (code, stdout, stderr) = Run(_binary, [runs.ToString(CultureInfo.InvariantCulture), _scratch, operation], cancellationToken);
        if (code != 0) { throw new TesseraArgumentException("--peers", $"the {Name} driver failed on {operation} (exit {code}): {Last(stderr)}"); }
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (JsonNode.Parse(line) is JsonObject o && o["op"]?.GetValue<string>() == operation && o["median_s"] is { } m) { return m.GetValue<double>(); }
        }
        throw new TesseraArgumentException("--peers", $"the {Name} driver printed no time for {operation}");
    }

    /// <summary>The command line, meshes and timing rule both drivers include.</summary>
    private const string SharedHeader = "peer_bench.hpp";

    private static MeshPeerTimer Build(string name, string source, string output, string packages, string[] flags,
        Action<string> info, CancellationToken cancellationToken)
    {
        var binary = Path.Combine(output, Path.GetFileNameWithoutExtension(source));
        var scratch = Path.Combine(output, Path.GetFileNameWithoutExtension(source) + "-files");
        Directory.CreateDirectory(scratch);
        // rebuilt when the driver or the header both drivers include (peer_bench.hpp) is newer than the binary
        var shared = Path.Combine(Path.GetDirectoryName(source)!, SharedHeader);
        if (!File.Exists(binary) || File.GetLastWriteTimeUtc(binary) < File.GetLastWriteTimeUtc(source)
            || File.GetLastWriteTimeUtc(binary) < File.GetLastWriteTimeUtc(shared))
        {
            info($"compiling the {name} driver ({Path.GetFileName(source)}, g++ -O2; CGAL takes minutes) into {output}");
            string[] args = ["-O2", "-DNDEBUG", "-std=c++17", source, "-o", binary + ".tmp", .. flags];
            (int Code, string Out, string Err) r;
            try
            {
                r = Run("g++", args, cancellationToken);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new TesseraArgumentException("--peers", "g++ was not found (Debian: apt-get install g++)");
            }
            if (r.Code != 0)
            {
                throw new TesseraArgumentException("--peers", $"compiling {Path.GetFileName(source)} failed (Debian: apt-get install {packages}): {Last(r.Err)}");
            }
            File.Move(binary + ".tmp", binary, overwrite: true);
        }
        return new MeshPeerTimer(name, binary, scratch);
    }

    private static (int Code, string Out, string Err) Run(string file, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) { start.ArgumentList.Add(a); }
        using var process = Process.Start(start) ?? throw new TesseraArgumentException("--peers", $"'{file}' could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Last(string text)
        => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
           ?? text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static string? FindSourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "mesh");
            if (File.Exists(Path.Combine(candidate, "cgal_bench.cpp")) && File.Exists(Path.Combine(candidate, "openmesh_bench.cpp"))
                && File.Exists(Path.Combine(candidate, SharedHeader))) { return candidate; }
        }
        return null;
    }
}
