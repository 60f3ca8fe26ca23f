using System.Security.Cryptography;
using Tessera.Core.IO;

namespace Tessera.Nn.Runtime;

/// <summary>A patched shim ready to load.</summary>
/// <param name="Path">The patched copy in the cache.</param>
/// <param name="Reused">True when an existing copy with the expected hash was found; false when it was written now.</param>
/// <param name="OriginalSha256">Lower-case hex SHA-256 of the original shim (the cache folder's name).</param>
/// <param name="Patch">What the ELF patch changed.</param>
internal sealed record PreparedShim(string Path, bool Reused, string OriginalSha256, ElfPatchResult Patch);

/// <summary>
/// Keeps patched copies of the TorchSharp shim in a per-user cache folder,
/// <c>&lt;root&gt;/&lt;sha256 of the original&gt;/libLibTorchSharp.so</c>. The original (in the NuGet cache or
/// the app folder) is never modified.
/// </summary>
/// <remarks>
/// A copy is written through <see cref="AtomicFile"/> (temp file + rename), so processes that start at the
/// same time each either see no file or a complete one; both write identical bytes. An existing copy is
/// reused only when its SHA-256 equals that of the freshly patched bytes; otherwise it is replaced.
/// </remarks>
internal static class PatchedShimCache
{
    /// <summary>
    /// The default cache root: <c>$XDG_CACHE_HOME/tessera/torchsharp</c>, or <c>~/.cache/tessera/torchsharp</c>
    /// when XDG_CACHE_HOME is unset or not absolute (the XDG base-directory rule).
    /// </summary>
    /// <returns>The folder path (not created).</returns>
    public static string DefaultRoot() => DefaultRoot(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The default cache root for given values of XDG_CACHE_HOME and the home folder.</summary>
    /// <param name="xdgCacheHome">The XDG_CACHE_HOME value; null or empty when unset.</param>
    /// <param name="home">The user's home folder.</param>
    /// <returns>The folder path (not created).</returns>
    public static string DefaultRoot(string? xdgCacheHome, string home)
    {
        var cache = !string.IsNullOrEmpty(xdgCacheHome) && System.IO.Path.IsPathRooted(xdgCacheHome)
            ? xdgCacheHome
            : System.IO.Path.Combine(home, ".cache");
        return System.IO.Path.Combine(cache, "tessera", "torchsharp");
    }

    /// <summary>
    /// A per-user fallback root under the temp folder, used when the default root cannot be written. The
    /// folder is created with mode 0700 and rejected when it exists with any other mode.
    /// </summary>
    /// <returns>The folder path (created).</returns>
    /// <exception cref="IOException">The folder exists with a mode other than 0700.</exception>
    public static string FallbackRoot()
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tessera-{Environment.UserName}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, ownerOnly);
            var mode = File.GetUnixFileMode(dir);
            if (mode != ownerOnly)
            {
                throw new IOException($"{dir} has mode {Convert.ToString((int)mode, 8)}, expected 700; not using it for native code");
            }
        }
        return System.IO.Path.Combine(dir, "torchsharp");
    }

    /// <summary>Returns the cached patched copy of a shim, writing it first when it is missing or differs.</summary>
    /// <param name="originalPath">The original shim (read only).</param>
    /// <param name="cacheRoot">The cache root folder.</param>
    /// <param name="patch">Produces the patch from the original bytes (pure; must return the same bytes for the same input).</param>
    /// <returns>The copy's path and what happened.</returns>
    /// <exception cref="IOException">The original cannot be read or the copy cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The cache folder is not writable.</exception>
    public static PreparedShim GetOrCreate(string originalPath, string cacheRoot, Func<byte[], ElfPatchResult> patch)
    {
        ArgumentNullException.ThrowIfNull(originalPath);
        ArgumentNullException.ThrowIfNull(cacheRoot);
        ArgumentNullException.ThrowIfNull(patch);

        var original = File.ReadAllBytes(originalPath);
        var originalSha = Convert.ToHexStringLower(SHA256.HashData(original));
        var result = patch(original);
        var expected = SHA256.HashData(result.Patched);
        var target = System.IO.Path.Combine(cacheRoot, originalSha, System.IO.Path.GetFileName(originalPath));

        if (File.Exists(target) && HashEquals(target, expected))
        {
            return new PreparedShim(target, true, originalSha, result);
        }
        AtomicFile.WriteAllBytes(target, result.Patched);
        return new PreparedShim(target, false, originalSha, result);
    }

    private static bool HashEquals(string path, byte[] expected)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return SHA256.HashData(stream).AsSpan().SequenceEqual(expected);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
