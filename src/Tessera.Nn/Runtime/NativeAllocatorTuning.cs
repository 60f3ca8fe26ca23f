using System.Runtime.InteropServices;

namespace Tessera.Nn.Runtime;

/// <summary>
/// Lets glibc's malloc keep and reuse the large blocks libtorch allocates and frees at every training step, instead of
/// returning them to the kernel and faulting them in again, unless the user tuned malloc already.
/// </summary>
/// <remarks>
/// <para>
/// libtorch's CPU tensors come from <c>malloc</c>. glibc serves blocks above its mmap threshold (128 KiB at start) with
/// fresh <c>mmap</c>s and unmaps them on <c>free</c>, and trims the heap top beyond its trim threshold (128 KiB), so
/// every step of a training loop touches its activations and gradients on new pages. On the Firecracker VMs Tessera is
/// developed on, a first touch costs about 12 µs per 4 KiB page: a diffusion UNet training step (batch 32, 32²) took
/// 68,700 minor page faults, and its grad-enabled forward ran 3× slower than the same forward without gradients
/// (docs/benchmarks.md, diffusion). glibc normally raises the mmap threshold by itself after such frees, but in the
/// .NET host that did not happen often enough to matter.
/// </para>
/// <para>
/// So, when libtorch is loaded on Linux with glibc: <c>mallopt(M_MMAP_THRESHOLD, 32 MiB)</c> (glibc's largest allowed
/// value on 64-bit) and <c>mallopt(M_TRIM_THRESHOLD, 256 MiB)</c>. Freed blocks then stay in the heap and are reused.
/// The cost: up to 256 MiB of freed memory may stay mapped to the process (its resident size does not shrink back after
/// a peak). Nothing is changed when the user set <c>GLIBC_TUNABLES</c> (malloc), <c>MALLOC_MMAP_THRESHOLD_</c> or
/// <c>MALLOC_TRIM_THRESHOLD_</c>, or <c>TESSERA_MALLOC_TUNING=0</c>; without glibc (musl) nothing happens either.
/// </para>
/// </remarks>
internal static partial class NativeAllocatorTuning
{
    /// <summary>The opt-out variable.</summary>
    internal const string OptOut = "TESSERA_MALLOC_TUNING";

    /// <summary>glibc's <c>M_TRIM_THRESHOLD</c>.</summary>
    internal const int MTrimThreshold = -1;

    /// <summary>glibc's <c>M_MMAP_THRESHOLD</c>.</summary>
    internal const int MMmapThreshold = -3;

    /// <summary>The mmap threshold set (glibc's maximum on 64-bit: HEAP_MAX_SIZE / 2).</summary>
    internal const int MmapThresholdBytes = 32 * 1024 * 1024;

    /// <summary>The trim threshold set.</summary>
    internal const int TrimThresholdBytes = 256 * 1024 * 1024;

    /// <summary>Applies the tuning (idempotent: the same thresholds every time), and says what was done.</summary>
    /// <param name="trace">Receives one line.</param>
    internal static void Apply(List<string> trace)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        if (NativeEnvironment.Get(OptOut) == "0")
        {
            trace.Add($"{OptOut}=0: glibc malloc left at its defaults");
            return;
        }
        var tunables = NativeEnvironment.Get("GLIBC_TUNABLES");
        if ((tunables is not null && tunables.Contains("malloc", StringComparison.Ordinal))
            || NativeEnvironment.Get("MALLOC_MMAP_THRESHOLD_") is not null || NativeEnvironment.Get("MALLOC_TRIM_THRESHOLD_") is not null)
        {
            trace.Add("malloc thresholds were set by the user; left alone");
            return;
        }
        try
        {
            var ok = MallOpt(MMmapThreshold, MmapThresholdBytes) == 1 & MallOpt(MTrimThreshold, TrimThresholdBytes) == 1;
            trace.Add(ok
                ? "glibc malloc: mmap threshold 32 MiB, trim threshold 256 MiB (freed tensor memory is reused, not faulted in again; see docs/nn-runtime.md)"
                : "mallopt refused the thresholds; glibc malloc left at its defaults");
        }
        catch (EntryPointNotFoundException)
        {
            trace.Add("no mallopt (not glibc); malloc left alone");
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
