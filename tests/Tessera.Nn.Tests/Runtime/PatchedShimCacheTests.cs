using Tessera.Nn.Runtime;
using Xunit;

namespace Tessera.Nn.Tests.Runtime;

public sealed class PatchedShimCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tessera-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    [Fact]
    public void GetOrCreate_NoCopyYet_WritesPatchedBytesUnderOriginalHash()
    {
        var original = WriteOriginal([1, 2, 3, 4]);

        var prepared = PatchedShimCache.GetOrCreate(original, Cache, Invert);

        Assert.False(prepared.Reused);
        Assert.Equal(Path.Combine(Cache, prepared.OriginalSha256, "libfake.so"), prepared.Path);
        Assert.Equal(64, prepared.OriginalSha256.Length);
        Assert.Equal(new byte[] { 254, 253, 252, 251 }, File.ReadAllBytes(prepared.Path));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, File.ReadAllBytes(original));
    }

    [Fact]
    public void GetOrCreate_VerifiedCopyExists_ReusesItWithoutWriting()
    {
        var original = WriteOriginal([5, 6, 7]);
        var first = PatchedShimCache.GetOrCreate(original, Cache, Invert);
        var written = File.GetLastWriteTimeUtc(first.Path);
        File.SetLastWriteTimeUtc(first.Path, written.AddHours(-1));

        var second = PatchedShimCache.GetOrCreate(original, Cache, Invert);

        Assert.True(second.Reused);
        Assert.Equal(first.Path, second.Path);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(second.Path));
    }

    [Fact]
    public void GetOrCreate_CopyCorrupted_ReplacesIt()
    {
        var original = WriteOriginal([9, 9, 9]);
        var first = PatchedShimCache.GetOrCreate(original, Cache, Invert);
        File.WriteAllBytes(first.Path, [0, 0]);

        var second = PatchedShimCache.GetOrCreate(original, Cache, Invert);

        Assert.False(second.Reused);
        Assert.Equal(new byte[] { 246, 246, 246 }, File.ReadAllBytes(second.Path));
    }

    [Fact]
    public void GetOrCreate_ConcurrentCallers_AllGetOneCompleteFileAndNoTempFilesRemain()
    {
        var content = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray();
        var original = WriteOriginal(content);

        var results = new PreparedShim[8];
        Parallel.For(0, results.Length, i => results[i] = PatchedShimCache.GetOrCreate(original, Cache, Invert));

        Assert.Single(results.Select(r => r.Path).Distinct());
        Assert.Equal(Invert(content).Patched, File.ReadAllBytes(results[0].Path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(results[0].Path)!));
    }

    [Fact]
    public void DefaultRoot_XdgCacheHomeSet_UsesIt()
    {
        Assert.Equal(Path.Combine("/x/cache", "tessera", "torchsharp"), PatchedShimCache.DefaultRoot("/x/cache", "/home/u"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/cache")]
    public void DefaultRoot_XdgCacheHomeUnsetOrRelative_UsesHomeDotCache(string? xdg)
    {
        Assert.Equal(Path.Combine("/home/u", ".cache", "tessera", "torchsharp"), PatchedShimCache.DefaultRoot(xdg, "/home/u"));
    }

    private string Cache => Path.Combine(_root, "cache");

    private string WriteOriginal(byte[] content)
    {
        var dir = Path.Combine(_root, "pkg");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "libfake.so");
        File.WriteAllBytes(path, content);
        return path;
    }

    private static ElfPatchResult Invert(byte[] original) =>
        new(original.Select(b => (byte)~b).ToArray(), true, "libfake.so", 2, 1, 1, 0);
}
