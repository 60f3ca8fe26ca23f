using System.Runtime.Intrinsics.X86;

namespace Tessera.Augment.Common;

/// <summary>
/// Software prefetch for kernels whose source reads the hardware prefetcher does not anticipate (x86 only; a hint
/// with no effect on results, a no-op elsewhere).
/// </summary>
internal static unsafe class CacheHint
{
    /// <summary>Asks for the <paramref name="length"/> bytes at <paramref name="start"/> to be brought into cache, one line (64 bytes) at a time.</summary>
    public static void Prefetch(byte* start, int length)
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        for (var i = 0; i < length; i += 64)
        {
            Sse.Prefetch0(start + i);
        }
    }
}
