using Tessera.Nn.Runtime;
using Xunit;

namespace Tessera.Nn.Tests.Runtime;

public sealed class TorchNativeLocatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tessera-locate-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    [Fact]
    public void Locate_AllInOneFolder_TakesEveryFileFromIt()
    {
        var empty = Folder("empty");
        var native = Folder("native", "libLibTorchSharp.so", "libc10.so", "libtorch_cpu.so", "libtorch.so");

        var files = TorchNativeLocator.Locate([empty, native]);

        Assert.Equal(native, files.NativeFolder);
        Assert.Equal(Path.Combine(native, "libc10.so"), files.C10Path);
        Assert.Equal(Path.Combine(native, "libtorch_cpu.so"), files.TorchCpuPath);
        Assert.Equal(Path.Combine(native, "libtorch.so"), files.TorchPath);
    }

    [Fact]
    public void Locate_SplitPackageFolders_FollowsSearchOrderAndOriginFolders()
    {
        // Given the NuGet-cache layout: the shim in torchsharp's folder, libtorch in libtorch-cpu's folder
        var shimPkg = Folder("torchsharp", "libLibTorchSharp.so");
        var torchPkg = Folder("libtorch", "libc10.so", "libtorch_cpu.so", "libtorch.so");
        var later = Folder("later", "libc10.so", "libtorch_cpu.so", "libtorch.so");

        var files = TorchNativeLocator.Locate([shimPkg, torchPkg, later]);

        Assert.Equal(Path.Combine(shimPkg, "libLibTorchSharp.so"), files.ShimPath);
        Assert.Equal(Path.Combine(torchPkg, "libtorch_cpu.so"), files.TorchCpuPath);
        Assert.Equal(Path.Combine(torchPkg, "libc10.so"), files.C10Path);
        Assert.Equal(Path.Combine(torchPkg, "libtorch.so"), files.TorchPath);
    }

    [Fact]
    public void Locate_EarlierFolderHasTorchCpu_TakesItLikeTheRuntime()
    {
        // TorchSharp loads "torch_cpu" through the runtime's search: the first folder that has it wins.
        var first = Folder("first", "libc10.so", "libtorch_cpu.so");
        var native = Folder("native", "libLibTorchSharp.so", "libc10.so", "libtorch_cpu.so", "libtorch.so");

        var files = TorchNativeLocator.Locate([first, native]);

        Assert.Equal(Path.Combine(first, "libtorch_cpu.so"), files.TorchCpuPath);
        Assert.Equal(Path.Combine(first, "libc10.so"), files.C10Path);
        Assert.Equal(Path.Combine(native, "libtorch.so"), files.TorchPath);
    }

    [Fact]
    public void Locate_NoShimAnywhere_ReturnsNullShimAndSearchedFolders()
    {
        var a = Folder("a");

        var files = TorchNativeLocator.Locate([a]);

        Assert.Null(files.ShimPath);
        Assert.Null(files.NativeFolder);
        Assert.Equal([a], files.SearchedDirectories);
    }

    [Fact]
    public void SearchDirectories_TestHost_StartsWithHostFoldersWithoutDuplicates()
    {
        var dirs = TorchNativeLocator.SearchDirectories(typeof(TorchSharp.torch).Assembly);

        var host = ((AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)))
            .Distinct()
            .ToArray();
        Assert.Equal(host, dirs.Take(host.Length));
        Assert.Equal(dirs.Count, dirs.Distinct().Count());
        Assert.Contains(Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory)), dirs);
    }

    private string Folder(string name, params string[] files)
    {
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        foreach (var f in files)
        {
            File.WriteAllBytes(Path.Combine(dir, f), [0]);
        }
        return dir;
    }
}
