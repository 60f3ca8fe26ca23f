namespace Tessera.TestSupport;

/// <summary>
/// Locates <c>../shared</c> (relative to the folder holding Tessera.slnx), or <c>$TESSERA_SHARED</c>.
/// Fails with a clear message when the folder is missing.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> SharedRoot = new(FindShared);

    /// <summary>The shared folder (holds fixtures/ and bench/).</summary>
    public static string Shared => SharedRoot.Value;

    /// <summary>The fixtures folder.</summary>
    public static string Root => Path.Combine(Shared, "fixtures");

    /// <summary>The repository root (folder holding Tessera.slnx).</summary>
    public static string RepoRoot => FindRepoRoot();

    /// <summary>Path of a fixture area or file, failing clearly if missing.</summary>
    /// <param name="parts">Path parts below fixtures/.</param>
    /// <returns>The full path.</returns>
    public static string Get(params string[] parts)
    {
        var p = Path.Combine([Root, .. parts]);
        if (!File.Exists(p) && !Directory.Exists(p))
        {
            throw new InvalidOperationException($"fixture '{p}' is missing: the shared fixtures must sit at ../shared/fixtures beside the repository (or set TESSERA_SHARED)");
        }
        return p;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException($"cannot find Tessera.slnx above {AppContext.BaseDirectory}");
    }

    private static string FindShared()
    {
        var env = Environment.GetEnvironmentVariable("TESSERA_SHARED");
        var shared = !string.IsNullOrEmpty(env) ? env : Path.GetFullPath(Path.Combine(FindRepoRoot(), "..", "shared"));
        if (!Directory.Exists(Path.Combine(shared, "fixtures")))
        {
            throw new InvalidOperationException(
                $"shared fixtures not found at '{shared}/fixtures': clone the repository next to the 'shared' folder or set TESSERA_SHARED");
        }
        return shared;
    }
}
