using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Tessera.Augment.Tests.Interop;

/// <summary>
/// The real albumentations 1.3.1, run through Debian's python3 from the source folder named by
/// <c>ALBUMENTATIONS_SRC</c> (qudida beside it, or on <c>PYTHONPATH</c>). Without it the interop tests are skipped, by name.
/// </summary>
internal static class AlbumentationsPeer
{
    public const string Python = "/usr/bin/python3";

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Interop", "albumentations_peer.py");

    public static string? Source => Environment.GetEnvironmentVariable("ALBUMENTATIONS_SRC") is { Length: > 0 } s ? s : null;

    /// <summary>Why the peer cannot run, or null when it can.</summary>
    public static string? Unavailable => Source is null
        ? "ALBUMENTATIONS_SRC is not set (see ../shared/reference/README.md): the albumentations interop test did not run"
        : !Directory.Exists(Path.Combine(Source, "albumentations")) ? $"ALBUMENTATIONS_SRC='{Source}' holds no albumentations package"
        : !File.Exists(Python) ? $"{Python} is missing (apt-get install python3-numpy python3-opencv python3-scipy python3-skimage python3-sklearn python3-yaml)"
        : null;

    /// <summary>Runs the peer script; returns its stdout, or throws with its stderr.</summary>
    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        var paths = new List<string> { Source! };
        var qudida = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Source!).TrimEnd('/'))!, "qudida");
        if (Directory.Exists(qudida))
        {
            paths.Add(qudida);
        }
        if (Environment.GetEnvironmentVariable("PYTHONPATH") is { Length: > 0 } existing)
        {
            paths.Add(existing);
        }
        psi.Environment["PYTHONPATH"] = string.Join(':', paths);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"albumentations peer '{string.Join(' ', args)}' failed ({p.ExitCode}): {stderr}");
        }
        return stdout.Result;
    }

    /// <summary>The JSON object the script printed last.</summary>
    public static JsonObject RunJson(params string[] args) => JsonNode.Parse(Run(args).Trim().Split('\n')[^1])!.AsObject();
}
