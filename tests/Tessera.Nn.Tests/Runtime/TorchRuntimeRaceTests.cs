using System.Diagnostics;
using Tessera.Nn.Runtime;
using TorchSharp;
using Xunit;

namespace Tessera.Nn.Tests.Runtime;

/// <summary>
/// Regression test for the flaky "TorchSharp failed to initialise ... Failed to load native component
/// LibTorchSharp" failure: one thread touches TorchSharp's <c>torch</c> type directly (its static initialiser
/// then runs TorchSharp's own native lookup) while another thread is still inside
/// <see cref="TorchRuntime.EnsureLoaded"/>, before the patched shim is in the process. Each case runs in a
/// fresh child process (the test executable itself, marked by environment variables, with the test
/// assembly's preload switched off), because a failed <c>torch</c> initialisation is permanent.
/// </summary>
public sealed class TorchRuntimeRaceTests
{
    private const string ChildMarker = "TESSERA_NN_TEST_RACE_CHILD";

    [Theory]
    [InlineData("torch-first")]
    [InlineData("together")]
    public async Task TorchTouchedDirectly_BeforeOrWhileEnsureLoadedRuns_BothSucceed(string scenario)
    {
        if (Environment.GetEnvironmentVariable(ChildMarker) is { } childScenario)
        {
            if (childScenario == scenario)
            {
                RunAsChild(scenario);
            }
            return;
        }

        var cacheHome = Path.Combine(Path.GetTempPath(), $"tessera-race-{Guid.NewGuid():N}");
        Directory.CreateDirectory(cacheHome);
        try
        {
            using var child = StartChild(cacheHome, scenario);
            var output = child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            await child.WaitForExitAsync(timeout.Token);
            var stdout = await output;
            var stderr = await error;

            Assert.True(child.ExitCode == 0, $"child failed ({child.ExitCode}):\n{stdout}\n{stderr}");
            // The child really ran the scenario (a filter matching nothing would also exit 0)
            var report = File.ReadAllText(Path.Combine(cacheHome, "report.txt"));
            Assert.Equal($"{scenario} 9 True {TorchRuntime.Describe().Patched}", report);
        }
        finally
        {
            try { Directory.Delete(cacheHome, recursive: true); }
            catch (DirectoryNotFoundException) { }
        }
    }

    private static void RunAsChild(string scenario)
    {
        // Nothing has loaded TorchSharp yet in this process (the test assembly's preload is off).
        Assert.Empty(TorchRuntime.Trace);

        float sum;
        if (scenario == "torch-first")
        {
            // Code that uses TorchSharp directly, before any Tessera entry point
            sum = TouchTorchDirectly();
            TorchRuntime.EnsureLoaded();
        }
        else
        {
            // As in the failing run: one test in EnsureLoaded, another calling torch.manual_seed at the same time
            using var start = new Barrier(2);
            var direct = Task.Factory.StartNew(() => { start.SignalAndWait(); return TouchTorchDirectly(); }, TaskCreationOptions.LongRunning);
            var viaRuntime = Task.Factory.StartNew(() => { start.SignalAndWait(); TorchRuntime.EnsureLoaded(); }, TaskCreationOptions.LongRunning);
            Task.WaitAll(direct, viaRuntime);
            sum = direct.Result;
        }

        var info = TorchRuntime.Describe();
        File.WriteAllText(Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME")!, "report.txt"),
            $"{scenario} {sum} {info.Loaded} {info.Patched}");
    }

    private static float TouchTorchDirectly()
    {
        torch.manual_seed(0);
        using var a = torch.ones(3, 3);
        using var total = a.sum();
        return total.item<float>();
    }

    private static Process StartChild(string cacheHome, string scenario)
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
        info.ArgumentList.Add($"{typeof(TorchRuntimeRaceTests).FullName}.{nameof(TorchTouchedDirectly_BeforeOrWhileEnsureLoadedRuns_BothSucceed)}");
        info.Environment[ChildMarker] = scenario;
        info.Environment["TESSERA_NN_TEST_NO_PRELOAD"] = "1";
        info.Environment["XDG_CACHE_HOME"] = cacheHome;
        return Process.Start(info)!;
    }
}
