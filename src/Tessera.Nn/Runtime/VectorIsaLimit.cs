using System.Runtime.Intrinsics.X86;

namespace Tessera.Nn.Runtime;

/// <summary>
/// Keeps libtorch's CPU kernels (ATen, oneDNN, MKL) at AVX2 on processors with AVX-512, unless the user chose otherwise.
/// </summary>
/// <remarks>
/// On the 2-core AMD EPYC Firecracker machines Tessera is developed on, libtorch's AVX-512 kernels intermittently returned
/// all-NaN results (a SegFix forward, the first AdamW steps of SegFix and diffusion training) whenever .NET's garbage
/// collector suspended threads during the call: in a test that loops a fixed forward pass while another thread only
/// allocates managed arrays, 1 to 4 of 40 forwards came back all-NaN in most runs; with the kernels held at AVX2 none did
/// (docs/nn-runtime.md has the measurements). Register state that a signal handler does not restore is the likely cause;
/// AVX2 kernels give the same results up to float rounding and run at a similar speed on such small models.
/// <para>
/// The limits are libtorch's own environment variables, set in the process environment (libc <c>setenv</c>, which the
/// native libraries read; .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach them)
/// before libtorch is loaded. A variable the user already set is left alone, and <c>TESSERA_TORCH_AVX512=1</c> keeps
/// libtorch's own choice.
/// </para>
/// </remarks>
internal static class VectorIsaLimit
{
    /// <summary>The variables and the AVX2 value each library understands.</summary>
    internal static readonly (string Name, string Value)[] Limits =
    [
        ("ATEN_CPU_CAPABILITY", "avx2"),
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),
        ("MKL_ENABLE_INSTRUCTIONS", "AVX2"),
    ];

    /// <summary>The opt-out variable.</summary>
    internal const string OptOut = "TESSERA_TORCH_AVX512";

    private static readonly Lock Gate = new();
    private static List<string>? s_decisions;

    /// <summary>Sets the limits when they apply (once per process), and says what was done.</summary>
    /// <param name="trace">Receives one line per decision.</param>
    internal static void Apply(List<string> trace)
    {
        lock (Gate)
        {
            if (s_decisions is null)
            {
                s_decisions = [];
                Decide(s_decisions);
            }
            trace.AddRange(s_decisions);
        }
    }

    private static void Decide(List<string> trace)
    {
        if (!OperatingSystem.IsLinux() || !X86Base.IsSupported)
        {
            return;
        }
        if (GetEnv(OptOut) == "1")
        {
            trace.Add($"{OptOut}=1: libtorch keeps its own instruction-set choice");
            return;
        }
        if (!CpuHasAvx512F())
        {
            trace.Add("CPU has no AVX-512: libtorch's instruction-set choice left alone");
            return;
        }
        foreach (var (name, value) in Limits)
        {
            var existing = GetEnv(name);
            if (existing is not null)
            {
                trace.Add($"{name}={existing} was set by the user; left alone");
                continue;
            }
            if (!NativeEnvironment.SetUnlessPresent(name, value))
            {
                trace.Add($"setenv {name} failed; libtorch may use AVX-512");
                continue;
            }
            trace.Add($"{name}={value} (AVX-512 kernels avoided, see docs/nn-runtime.md)");
        }
    }

    /// <summary>CPUID leaf 7, sub-leaf 0, EBX bit 16 (AVX512F), read directly so that .NET's own AVX-512 switches do not matter.</summary>
    internal static bool CpuHasAvx512F()
    {
        var (maxLeaf, _, _, _) = X86Base.CpuId(0, 0);
        if (maxLeaf < 7)
        {
            return false;
        }
        var (_, ebx, _, _) = X86Base.CpuId(7, 0);
        return (ebx & (1 << 16)) != 0;
    }

    /// <summary>The value native code sees for an environment variable (libc <c>getenv</c>).</summary>
    /// <param name="name">The variable.</param>
    /// <returns>Its value, or null.</returns>
    internal static string? NativeValue(string name) => NativeEnvironment.Get(name);

    private static string? GetEnv(string name) => NativeEnvironment.Get(name);
}
