using Tessera.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Runtime;

public sealed class VectorIsaLimitTests
{
    [Fact]
    public void OnAvx512Cpus_LibTorchIsHeldAtAvx2UnlessTheUserChose()
    {
        TorchRuntime.EnsureLoaded();
        if (!OperatingSystem.IsLinux() || !VectorIsaLimit.CpuHasAvx512F())
        {
            Assert.DoesNotContain(TorchRuntime.Trace, step => step.StartsWith("ATEN_CPU_CAPABILITY=avx2", StringComparison.Ordinal));
            return;
        }
        if (VectorIsaLimit.NativeValue(VectorIsaLimit.OptOut) == "1")
        {
            Assert.Contains(TorchRuntime.Trace, step => step.StartsWith(VectorIsaLimit.OptOut, StringComparison.Ordinal));
            return;
        }
        foreach (var (name, value) in VectorIsaLimit.Limits)
        {
            var seen = VectorIsaLimit.NativeValue(name);
            Assert.NotNull(seen);
            Assert.Contains(TorchRuntime.Trace, step => step.StartsWith(name + "=", StringComparison.Ordinal));
            if (!UserSet(name))
            {
                Assert.Equal(value, seen);
            }
        }
    }

    /// <summary>
    /// The defect behind the limit: a fixed conv/BN/ReLU forward repeated while another thread only allocates managed
    /// memory (forcing GC suspensions) must give bit-identical, finite outputs every time. With libtorch's AVX-512 kernels
    /// on the development machines, several of 60 forwards came back all-NaN in most runs.
    /// </summary>
    [Fact]
    public void ConvForward_WhileTheGarbageCollectorRuns_IsFiniteAndRepeatable()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(3);
        using var net = nn.Sequential(
            ("c1", nn.Conv2d(3, 16, 3, stride: 2, padding: 1, bias: false)), ("b1", nn.BatchNorm2d(16)), ("r1", nn.ReLU()),
            ("c2", nn.Conv2d(16, 32, 3, stride: 2, padding: 1, bias: false)), ("b2", nn.BatchNorm2d(32)), ("r2", nn.ReLU()),
            ("c3", nn.Conv2d(32, 2, 1)));
        net.eval();
        using var x = torch.randn(1, 3, 128, 256);
        var stop = 0;
        var noise = new Thread(() =>
        {
            var keep = new List<byte[]>();
            while (Volatile.Read(ref stop) == 0)
            {
                keep.Add(new byte[100_000]);
                if (keep.Count > 200) { keep.Clear(); }
            }
        });
        noise.Start();
        try
        {
            float[]? first = null;
            var bad = new List<string>();
            for (var i = 0; i < 60; i++)
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                var y = net.forward(x).data<float>().ToArray();
                first ??= y;
                var nan = y.Count(float.IsNaN);
                var differing = y.Zip(first).Count(p => p.First != p.Second);
                if (nan > 0 || differing > 0) { bad.Add($"call {i}: {nan} NaN, {differing} differ"); }
            }
            Assert.True(bad.Count == 0, string.Join("; ", bad));
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            noise.Join();
        }
    }

    private static bool UserSet(string name) => Environment.GetEnvironmentVariable(name) is not null
        && !TorchRuntime.Trace.Any(step => step.StartsWith($"{name}=", StringComparison.Ordinal) && step.Contains("avoided", StringComparison.Ordinal));
}
