using Tessera.Nn.Runtime;
using TorchSharp;
using Xunit;

namespace Tessera.Nn.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_ThenRandn_GivesTensorOfRequestedShape()
    {
        // Given the runtime is loaded
        TorchRuntime.EnsureLoaded();

        // When a random tensor is drawn with a fixed seed
        torch.manual_seed(1234);
        using var a = torch.randn(3);
        torch.manual_seed(1234);
        using var b = torch.randn(3);

        // Then it has the shape, is finite, and the seed reproduces it
        Assert.Equal([3L], a.shape);
        var values = a.data<float>().ToArray();
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(values, b.data<float>().ToArray());
    }

    [Fact]
    public void EnsureLoaded_ThenMatmul_GivesKnownProduct()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();

        var a = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = torch.tensor(new float[] { 7, 8, 9, 10, 11, 12 }, [3, 2]);
        var c = torch.matmul(a, b);

        Assert.Equal([2L, 2L], c.shape);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c.data<float>().ToArray());
    }

    [Fact]
    public void EnsureLoaded_ThenBackward_GivesAnalyticGradient()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();

        // y = sum(x^2 + 3x)  =>  dy/dx = 2x + 3
        var x = torch.tensor(new float[] { -1, 0, 2.5f }, requires_grad: true);
        var y = (x * x + 3 * x).sum();
        y.backward();

        Assert.NotNull(x.grad);
        Assert.Equal(new float[] { 1, 3, 8 }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void EnsureLoaded_CalledTwice_DoesNothingTheSecondTime()
    {
        TorchRuntime.EnsureLoaded();
        var trace = TorchRuntime.Trace;

        TorchRuntime.EnsureLoaded();

        Assert.Same(trace, TorchRuntime.Trace);
        Assert.NotEmpty(trace);
    }

    [Fact]
    public async Task EnsureLoaded_ConcurrentCalls_AllSucceedAndTorchWorks()
    {
        var start = new Barrier(4);
        var tasks = Enumerable.Range(0, 4).Select(i => Task.Run(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            TorchRuntime.EnsureLoaded();
            using var t = torch.ones(2, 2) * (i + 1);
            return t.sum().item<float>();
        }, TestContext.Current.CancellationToken)).ToArray();

        var sums = await Task.WhenAll(tasks);

        Assert.Equal(new float[] { 4, 8, 12, 16 }, sums);
    }

    [Fact]
    public void Describe_AfterLoading_ReportsLoadedFolderVersionAndThreads()
    {
        var info = TorchRuntime.Describe();

        Assert.True(info.Loaded, info.Error);
        Assert.Null(info.Error);
        Assert.False(string.IsNullOrEmpty(info.LibTorchVersion));
        Assert.True(info.Threads >= 1);
        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(info.NativeFolder);
            Assert.True(File.Exists(Path.Combine(info.NativeFolder!, "libLibTorchSharp.so")));
            Assert.NotNull(info.ShimPath);
            // A patched shim never lives in the package folder: the NuGet cache and app folder stay untouched.
            Assert.Equal(info.Patched, !info.ShimPath!.StartsWith(info.NativeFolder!, StringComparison.Ordinal));
        }
        TestContext.Current.SendDiagnosticMessage($"torch runtime: {info}");
    }

    [Fact]
    public void Describe_LibStdCxxVersusGlibcxx3432_PatchesExactlyWhenTheVersionIsMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("the shim patch applies on Linux only");
        }
        var info = TorchRuntime.Describe();
        Assert.True(info.Loaded, info.Error);

        // Which libstdc++ did the process map, and does it define GLIBCXX_3.4.32?
        var libstdcxx = File.ReadLines("/proc/self/maps")
            .Select(l => l.IndexOf('/', StringComparison.Ordinal) is var i and >= 0 ? l[i..] : "")
            .First(p => Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        var hasVersion = ElfVersionPatcher.ReadVersionDefinitions(File.ReadAllBytes(libstdcxx)).Contains("GLIBCXX_3.4.32");

        Assert.Equal(!hasVersion, info.Patched);
        if (info.Patched)
        {
            var patched = File.ReadAllBytes(info.ShimPath!);
            var need = ElfVersionPatcher.ReadVersionNeeds(patched).Single(n => n.File == "libstdc++.so.6");
            Assert.True(need.Versions.Single(v => v.Name == "GLIBCXX_3.4.32").IsWeak);
            Assert.Contains(TorchRuntime.Trace, step => step.Contains("GLIBCXX_3.4.32", StringComparison.Ordinal));
        }
    }
}

public sealed class TorchRuntimeFailureTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tessera-fail-{Guid.NewGuid():N}");

    public TorchRuntimeFailureTests()
    {
        // Load the real runtime first, so nothing below can be the process's first TorchSharp initialisation.
        TorchRuntime.EnsureLoaded();
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    [Fact]
    public void Load_ShimWithoutLibTorch_ThrowsNamingFolderAndMissingFile()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("the native-folder logic runs on Linux only");
        }
        var folder = Folder(("libLibTorchSharp.so", [1]));

        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Load([folder], Path.Combine(_root, "cache")));

        Assert.Contains($"native folder: {folder}", e.Message, StringComparison.Ordinal);
        Assert.Contains("libc10.so was not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptLibC10_ThrowsWithTheLoadersErrorText()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("the native-folder logic runs on Linux only");
        }
        var garbage = Enumerable.Repeat((byte)'x', 1024).ToArray();
        var folder = Folder(("libLibTorchSharp.so", garbage), ("libc10.so", garbage), ("libtorch_cpu.so", garbage), ("libtorch.so", garbage));

        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.Load([folder], Path.Combine(_root, "cache")));

        Assert.Contains($"loading {Path.Combine(folder, "libc10.so")} failed:", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid ELF header", e.Message, StringComparison.Ordinal); // dlerror's text
        Assert.False(Directory.Exists(Path.Combine(_root, "cache")));
    }

    private string Folder(params (string Name, byte[] Content)[] files)
    {
        var dir = Path.Combine(_root, "native");
        Directory.CreateDirectory(dir);
        foreach (var (name, content) in files)
        {
            File.WriteAllBytes(Path.Combine(dir, name), content);
        }
        return dir;
    }
}
