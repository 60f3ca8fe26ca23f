using System.Diagnostics;
using Tessera.Nn.Runtime;
using TorchSharp;
using Xunit;

namespace Tessera.Nn.Tests.Runtime;

/// <summary>
/// Two fresh processes load TorchSharp at the same time with an empty cache folder: both must succeed and
/// leave exactly one complete patched copy. The test starts itself in the children (marked by an
/// environment variable), where it only loads TorchSharp and runs an op.
/// </summary>
public sealed class TorchRuntimeProcessTests
{
    private const string ChildMarker = "TESSERA_NN_TEST_CHILD";

    [Fact]
    public async Task EnsureLoaded_TwoProcessesStartingTogether_BothLoadAndShareOneCopy()
    {
        if (Environment.GetEnvironmentVariable(ChildMarker) == "1")
        {
            RunAsChild();
            return;
        }
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("the patched-copy cache is used on Linux only");
        }

        var cacheHome = Path.Combine(Path.GetTempPath(), $"tessera-xdg-{Guid.NewGuid():N}");
        try
        {
            var children = Enumerable.Range(0, 2).Select(_ => StartChild(cacheHome)).ToArray();
            var outputs = children.Select(c => (Process: c, Output: c.StandardOutput.ReadToEndAsync(), Error: c.StandardError.ReadToEndAsync())).ToArray();
            foreach (var (process, output, error) in outputs)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                timeout.CancelAfter(TimeSpan.FromMinutes(3));
                await process.WaitForExitAsync(timeout.Token);
                var stdout = await output;
                var stderr = await error;
                Assert.True(process.ExitCode == 0, $"child failed ({process.ExitCode}):\n{stdout}\n{stderr}");
                process.Dispose();
            }

            // Both children ran the test body (a filter that matched nothing would also exit 0)
            var reports = Directory.GetFiles(cacheHome, "child-*.txt").Select(File.ReadAllText).ToArray();
            Assert.Equal(2, reports.Length);
            Assert.All(reports, r => Assert.StartsWith("True ", r, StringComparison.Ordinal));

            var root = Path.Combine(cacheHome, "tessera", "torchsharp");
            var patched = Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
            if (TorchRuntime.Describe().Patched)
            {
                var copy = Assert.Single(patched);
                Assert.Equal("libLibTorchSharp.so", Path.GetFileName(copy));
                Assert.All(reports, r => Assert.EndsWith(copy, r, StringComparison.Ordinal));
            }
            else
            {
                Assert.Empty(patched);
            }
        }
        finally
        {
            try { Directory.Delete(cacheHome, recursive: true); }
            catch (DirectoryNotFoundException) { }
        }
    }

    private static void RunAsChild()
    {
        TorchRuntime.EnsureLoaded();
        using var a = torch.ones(3, 3);
        Assert.Equal(9f, a.sum().item<float>());
        var info = TorchRuntime.Describe();
        File.WriteAllText(Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME")!, $"child-{Environment.ProcessId}.txt"),
            $"{info.Loaded} {info.Patched} {info.ShimPath}");
    }

    private static Process StartChild(string cacheHome)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tessera.Nn.Tests.dll"));
        info.ArgumentList.Add("-method");
        info.ArgumentList.Add($"{typeof(TorchRuntimeProcessTests).FullName}.{nameof(EnsureLoaded_TwoProcessesStartingTogether_BothLoadAndShareOneCopy)}");
        info.Environment[ChildMarker] = "1";
        info.Environment["XDG_CACHE_HOME"] = cacheHome;
        return Process.Start(info)!;
    }
}
