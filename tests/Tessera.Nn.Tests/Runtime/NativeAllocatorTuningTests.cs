using System.Runtime.InteropServices;
using Tessera.Nn.Runtime;

namespace Tessera.Nn.Tests.Runtime;

public sealed class NativeAllocatorTuningTests
{
    /// <summary>
    /// After loading, a freed 6–12 MiB malloc block is reused without new page faults: touching a second block of the
    /// same size faults almost no pages. With glibc's default thresholds (checked with a Python ctypes probe) the second
    /// block is a fresh mapping and faults all of its 1,500–3,000 pages.
    /// </summary>
    [Fact]
    public void AfterLoading_FreedLargeBlocksAreReusedWithoutPageFaults()
    {
        TorchRuntime.EnsureLoaded();
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/stat"))
        {
            return;
        }
        var decision = TorchRuntime.Trace.FirstOrDefault(s => s.StartsWith("glibc malloc:", StringComparison.Ordinal)
            || s.Contains("malloc", StringComparison.Ordinal) && (s.Contains("left", StringComparison.Ordinal) || s.Contains("mallopt", StringComparison.Ordinal)));
        Assert.NotNull(decision);
        if (!decision.StartsWith("glibc malloc:", StringComparison.Ordinal))
        {
            return; // the user tuned malloc, opted out, or this is not glibc: nothing to check
        }
        var secondTouchFaults = long.MaxValue;
        // Each attempt uses a larger block than any freed before: with glibc's defaults it would be a fresh mmap every
        // time (its dynamic threshold only rises to sizes already freed), so a retry cannot pass by luck.
        for (var attempt = 0; attempt < 3 && secondTouchFaults > 64; attempt++)
        {
            var size = ((6 + (3 * attempt)) * 1024 * 1024) + 4096;
            var first = Marshal.AllocHGlobal(size); // malloc on Unix
            Touch(first, size);
            Marshal.FreeHGlobal(first);
            var before = MinorFaults();
            var second = Marshal.AllocHGlobal(size);
            Touch(second, size);
            secondTouchFaults = MinorFaults() - before;
            Marshal.FreeHGlobal(second);
        }
        Assert.True(secondTouchFaults <= 64, $"touching a reused block faulted {secondTouchFaults} pages");
    }

    private static void Touch(IntPtr block, int size)
    {
        for (var i = 0; i < size; i += 4096) { Marshal.WriteByte(block, i, 1); }
    }

    private static long MinorFaults() => long.Parse(
        File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7], System.Globalization.CultureInfo.InvariantCulture);
}
