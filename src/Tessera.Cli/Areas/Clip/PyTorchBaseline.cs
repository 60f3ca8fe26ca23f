using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary>Median forward times of the same ViT in the system's PyTorch (an indication, not a parity target).</summary>
/// <param name="Version">torch.__version__.</param>
/// <param name="Threads">Intra-op threads PyTorch used.</param>
/// <param name="MillisecondsByBatch">Median ms per forward, by batch size.</param>
internal sealed record PyTorchTiming(string Version, int Threads, IReadOnlyDictionary<int, double> MillisecondsByBatch);

/// <summary>
/// Runs the embedded <c>vit_forward.py</c> with a Python interpreter that has PyTorch (Debian 12's
/// <c>python3-torch</c> is 1.13) and reads its JSON line.
/// </summary>
internal static class PyTorchBaseline
{
    private const string ResourceName = "Tessera.Cli.Bench.vit_forward.py";

    /// <summary>Runs the script; returns null with a reason when the interpreter or torch is missing or the script fails.</summary>
    public static (PyTorchTiming? Timing, string? Problem) TryRun(
        string python, string model, IReadOnlyList<int> batches, int runs, int warmup, int threads, long seed, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"tessera-vit-forward-{Environment.ProcessId}.py");
        try
        {
            using (var resource = typeof(PyTorchBaseline).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing"))
            using (var file = File.Create(script))
            {
                resource.CopyTo(file);
            }
            var start = new ProcessStartInfo(python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { script, "--model", model, "--runs", Str(runs), "--warmup", Str(warmup), "--threads", Str(threads), "--seed", Str(seed), "--batch" })
            {
                start.ArgumentList.Add(arg);
            }
            foreach (var b in batches)
            {
                start.ArgumentList.Add(Str(b));
            }
            using var process = Process.Start(start)!;
            using var registration = cancellationToken.Register(() =>
            {
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { }
            });
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                var last = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
                return (null, $"{python}: {last.Trim()}");
            }
            using var doc = JsonDocument.Parse(stdout.Result);
            var root = doc.RootElement;
            var ms = root.GetProperty("results").EnumerateArray()
                .ToDictionary(r => r.GetProperty("batch").GetInt32(), r => r.GetProperty("ms").GetDouble());
            return (new PyTorchTiming(root.GetProperty("torch").GetString() ?? "?", root.GetProperty("threads").GetInt32(), ms), null);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (null, $"{python}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return (null, $"{python}: unreadable output ({ex.Message})");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
