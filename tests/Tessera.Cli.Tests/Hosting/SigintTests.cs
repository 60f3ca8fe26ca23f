using System.Diagnostics;
using Tessera.Cli.Hosting;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests.Hosting;

/// <summary>
/// Real Ctrl-C: the CLI runs as its own process (<c>dotnet tessera.dll</c>), gets SIGINT while it works, and must stop
/// within a second, exit 130, say "cancelled" (its own handler ran, not the default signal death) and leave no output
/// or temporary file behind.
/// </summary>
public sealed class SigintTests
{
    private static int Interrupt(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        return kill.ExitCode;
    }

    /// <summary>
    /// A closed torus of <paramref name="rings"/> × <paramref name="segments"/> quads (two triangles each), written as OBJ:
    /// large enough (over <c>MeshCommandSupport.LargeMeshFaces</c>) for <c>mesh subdivide</c> to report its progress.
    /// </summary>
    private static void WriteTorus(string path, int rings, int segments)
    {
        using var w = new StreamWriter(path);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        for (var i = 0; i < rings; i++)
        {
            var u = 2 * Math.PI * i / rings;
            for (var j = 0; j < segments; j++)
            {
                var v = 2 * Math.PI * j / segments;
                var r = 2 + (0.5 * Math.Cos(v));
                w.WriteLine(string.Create(inv, $"v {r * Math.Cos(u):F6} {r * Math.Sin(u):F6} {0.5 * Math.Sin(v):F6}"));
            }
        }
        int Id(int i, int j) => ((i % rings) * segments) + (j % segments) + 1;
        for (var i = 0; i < rings; i++)
        {
            for (var j = 0; j < segments; j++)
            {
                w.WriteLine(string.Create(inv, $"f {Id(i, j)} {Id(i + 1, j)} {Id(i + 1, j + 1)}"));
                w.WriteLine(string.Create(inv, $"f {Id(i, j)} {Id(i + 1, j + 1)} {Id(i, j + 1)}"));
            }
        }
    }

    /// <summary>
    /// The SIGINT is keyed on the progress line <c>mesh subdivide</c> writes on stderr while it subdivides (Spectre's
    /// plain-text progress, used because stderr is redirected), not on a sleep: 52,000 faces × 4 iterations is 13.3 M
    /// output faces, and the first line comes after the first iteration, so most of the work is still ahead whatever the
    /// machine's load. The only timed part is the 1 s the command has to stop once signalled.
    /// </summary>
    [Fact]
    public async Task MeshSubdivide_Sigint_StopsWithinASecond_Exit130_NoOutput()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "sends a POSIX signal with kill(1) (Linux only)");
        var folder = Directory.CreateTempSubdirectory("tessera-sigint").FullName;
        var inputFolder = Directory.CreateTempSubdirectory("tessera-sigint-in").FullName;
        var input = Path.Combine(inputFolder, "torus.obj");
        WriteTorus(input, 200, 130);
        var output = Path.Combine(folder, "big.obj");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "tessera.dll"), "mesh", "subdivide", "--iterations", "4", input, output })
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var seen = new System.Text.StringBuilder();
        try
        {
            // wait for the first progress line of the subdivision (the Ctrl-C handler is registered before any work)
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            startup.CancelAfter(TimeSpan.FromSeconds(120));
            string? line;
            while ((line = await process.StandardError.ReadLineAsync(startup.Token)) is not null)
            {
                seen.AppendLine(line);
                if (line.Contains("loop × 4", StringComparison.Ordinal))
                {
                    break;
                }
            }
            Assert.True(line is not null, "the command ended before it wrote a progress line: " + seen);
            var rest = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.False(process.HasExited, "the command ended before it could be interrupted: " + seen);
            var sent = Stopwatch.StartNew();
            Assert.Equal(0, Interrupt(process.Id));
            var stopped = process.WaitForExit(TimeSpan.FromSeconds(1));
            var took = sent.Elapsed;
            Assert.True(stopped, "still running 1 s after SIGINT");
            process.WaitForExit();
            Assert.True(took < TimeSpan.FromSeconds(1), $"stopped {took.TotalMilliseconds:F0} ms after SIGINT");
            Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
            Assert.Contains("cancelled", await rest, StringComparison.Ordinal);
            Assert.Equal("", await stdout);
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            Directory.Delete(folder, recursive: true);
            Directory.Delete(inputFolder, recursive: true);
        }
    }
}
