using System.Runtime.InteropServices;

namespace Tessera.Cli.Hosting;

/// <summary>
/// Pins the calling thread to one CPU (Linux <c>sched_setaffinity</c> on the thread, not the process). Threads and
/// processes started by a pinned thread inherit its CPU set, so a child process started after <see cref="Pin"/> runs on
/// the same CPU. Used by the benchmarks so that both sides of a same-run comparison are timed on the same core: on a
/// virtual machine the cores need not be equally fast.
/// </summary>
internal static partial class ThreadAffinity
{
    /// <summary>Whether pinning is available here (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Restricts the calling thread to CPU <paramref name="cpu"/>.</summary>
    /// <returns>False when the kernel refused (e.g. no such CPU).</returns>
    public static bool Pin(int cpu)
    {
        if (!IsSupported || cpu < 0 || cpu >= 1024)
        {
            return false;
        }
        var mask = new ulong[16];
        mask[cpu / 64] = 1UL << (cpu % 64);
        return SetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), mask) == 0;
    }

    /// <summary>Lets the calling thread run on every CPU of the machine again.</summary>
    public static void Unpin()
    {
        if (!IsSupported)
        {
            return;
        }
        var mask = new ulong[16];
        for (var cpu = 0; cpu < Math.Min(Environment.ProcessorCount, 1024); cpu++)
        {
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        _ = SetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), mask);
    }

    /// <summary>The CPU the calling thread runs on now, or −1 where unknown.</summary>
    public static int Current() => IsSupported ? GetCpu() : -1;

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SetAffinity(int pid, nuint size, [In] ulong[] mask);

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int GetCpu();
}
