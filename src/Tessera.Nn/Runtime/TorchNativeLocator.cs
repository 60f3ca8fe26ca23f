using System.Reflection;
using System.Runtime.InteropServices;

namespace Tessera.Nn.Runtime;

/// <summary>The native files TorchSharp needs on Linux, as the .NET runtime would resolve them.</summary>
/// <param name="ShimPath">libLibTorchSharp.so, or null when no search folder holds it.</param>
/// <param name="C10Path">libc10.so, or null.</param>
/// <param name="TorchCpuPath">libtorch_cpu.so, or null.</param>
/// <param name="TorchPath">libtorch.so, or null.</param>
/// <param name="SearchedDirectories">The folders looked at, in order.</param>
internal sealed record TorchNativeFiles(
    string? ShimPath,
    string? C10Path,
    string? TorchCpuPath,
    string? TorchPath,
    IReadOnlyList<string> SearchedDirectories)
{
    /// <summary>The folder holding the shim (null when not found).</summary>
    public string? NativeFolder => ShimPath is null ? null : Path.GetDirectoryName(ShimPath);
}

/// <summary>
/// Finds TorchSharp's native folder the way the .NET runtime resolves <c>[DllImport("LibTorchSharp")]</c>
/// and TorchSharp's own <c>NativeLibrary.TryLoad("torch_cpu", assembly, …)</c>: first the host's
/// <c>NATIVE_DLL_SEARCH_DIRECTORIES</c> (the deps.json native asset folders, and the app folder after an
/// RID-specific publish), then <c>runtimes/&lt;rid&gt;/native</c> beside the TorchSharp assembly and the app.
/// </summary>
/// <remarks>
/// libtorch must be loaded from the very file TorchSharp would load: a second copy from another path
/// registers its operators twice and aborts the process ("Tried to register multiple backend fallbacks").
/// </remarks>
internal static class TorchNativeLocator
{
    public const string ShimFileName = "libLibTorchSharp.so";
    public const string C10FileName = "libc10.so";
    public const string TorchCpuFileName = "libtorch_cpu.so";
    public const string TorchFileName = "libtorch.so";

    /// <summary>The folders to search, in the runtime's order, without duplicates.</summary>
    /// <param name="torchAssembly">The TorchSharp assembly (its folder is probed).</param>
    /// <returns>Absolute folder paths.</returns>
    public static IReadOnlyList<string> SearchDirectories(Assembly torchAssembly)
    {
        var rid = $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        var candidates = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string hostList)
        {
            candidates.AddRange(hostList.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        var assemblyDir = string.IsNullOrEmpty(torchAssembly.Location) ? null : Path.GetDirectoryName(torchAssembly.Location);
        var baseDir = AppContext.BaseDirectory;
        foreach (var root in new[] { assemblyDir, baseDir })
        {
            if (!string.IsNullOrEmpty(root))
            {
                candidates.Add(Path.Combine(root, "runtimes", rid, "native"));
            }
        }
        foreach (var root in new[] { assemblyDir, baseDir })
        {
            if (!string.IsNullOrEmpty(root))
            {
                candidates.Add(root);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var c in candidates)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(c));
            if (seen.Add(full))
            {
                result.Add(full);
            }
        }
        return result;
    }

    /// <summary>Finds the shim and libtorch's libraries in the given folders.</summary>
    /// <param name="directories">Folders in search order.</param>
    /// <returns>
    /// The shim and libtorch_cpu from the first folder that has each (the order in which the runtime probes,
    /// so the same files TorchSharp's own loading picks). libc10 comes from libtorch_cpu's folder and
    /// libtorch from the shim's folder when they are there, since the dynamic loader resolves them through
    /// those files' <c>$ORIGIN</c> run paths; otherwise from the first folder that has them.
    /// </returns>
    public static TorchNativeFiles Locate(IReadOnlyList<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var shim = FirstHaving(directories, ShimFileName, null);
        var torchCpu = FirstHaving(directories, TorchCpuFileName, null);
        var shimDir = shim is null ? null : Path.GetDirectoryName(shim);
        var torchCpuDir = torchCpu is null ? null : Path.GetDirectoryName(torchCpu);
        return new TorchNativeFiles(
            shim,
            FirstHaving(directories, C10FileName, torchCpuDir),
            torchCpu,
            FirstHaving(directories, TorchFileName, shimDir ?? torchCpuDir),
            directories);
    }

    private static string? FirstHaving(IReadOnlyList<string> directories, string fileName, string? preferred)
    {
        if (preferred is not null && File.Exists(Path.Combine(preferred, fileName)))
        {
            return Path.Combine(preferred, fileName);
        }
        foreach (var d in directories)
        {
            var candidate = Path.Combine(d, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
