using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tessera.Augment.Pixel;

/// <summary>
/// 256-entry uint8 lookup tables applied with AVX-512 VBMI byte permutes (<c>vpermi2b</c>: a 128-entry lookup per
/// instruction, two of them and a select on the index's top bit make 256 entries, 64 bytes at a time). The result is
/// the table value of every byte, exactly as <c>cv2.LUT</c>; callers fall back to OpenCV when
/// <see cref="IsAccelerated"/> is false.
/// </summary>
internal static class ByteLut
{
    /// <summary>True when the CPU has AVX-512 VBMI (e.g. AMD Zen 4, Intel Ice Lake and later).</summary>
    public static bool IsAccelerated => Avx512Vbmi.IsSupported;

    /// <summary>dst[i] = table[src[i]] for every byte (one table for every channel).</summary>
    public static void Apply(ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<byte> table)
    {
        if (table.Length != 256 || dst.Length < src.Length)
        {
            throw new ArgumentException("needs a 256-entry table and an output at least as long as the input");
        }
        var i = 0;
        if (Avx512Vbmi.IsSupported && src.Length >= 64)
        {
            var t0 = Vector512.Create(table[..64]);
            var t1 = Vector512.Create(table[64..128]);
            var t2 = Vector512.Create(table[128..192]);
            var t3 = Vector512.Create(table[192..]);
            ref var s = ref MemoryMarshal.GetReference(src);
            ref var d = ref MemoryMarshal.GetReference(dst);
            for (; i <= src.Length - 64; i += 64)
            {
                var idx = Vector512.LoadUnsafe(ref s, (nuint)i);
                Lookup(idx, t0, t1, t2, t3).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < src.Length; i++)
        {
            dst[i] = table[src[i]];
        }
    }

    /// <summary>
    /// dst[i] = tables[i % channels][src[i]] for interleaved pixels of 1–4 channels (one table per channel, each 256
    /// entries, concatenated).
    /// </summary>
    public static void ApplyPerChannel(ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<byte> tables, int channels)
    {
        if (channels is < 1 or > 4 || tables.Length != 256 * channels || dst.Length < src.Length || src.Length % channels != 0)
        {
            throw new ArgumentException("needs 1-4 channels, 256 entries per channel and whole pixels");
        }
        if (channels == 1)
        {
            Apply(src, dst, tables);
            return;
        }
        var i = 0;
        if (Avx512Vbmi.IsSupported)
        {
            // a block of `channels` vectors starts on a pixel boundary; in its k-th vector, byte j belongs to channel
            // (64k + j) % channels: each vector is looked up in every table and the bytes picked by channel masks
            var block = 64 * channels;
            Span<Vector512<byte>> t = stackalloc Vector512<byte>[16];
            for (var c = 0; c < channels; c++)
            {
                for (var q = 0; q < 4; q++)
                {
                    t[(c * 4) + q] = Vector512.Create(tables.Slice((c * 256) + (q * 64), 64));
                }
            }
            Span<Vector512<byte>> masks = stackalloc Vector512<byte>[16];
            Span<byte> bytes = stackalloc byte[64];
            for (var k = 0; k < channels; k++)
            {
                for (var c = 0; c < channels; c++)
                {
                    for (var j = 0; j < 64; j++)
                    {
                        bytes[j] = ((64 * k) + j) % channels == c ? (byte)0xFF : (byte)0;
                    }
                    masks[(k * channels) + c] = Vector512.Create((ReadOnlySpan<byte>)bytes);
                }
            }
            ref var s = ref MemoryMarshal.GetReference(src);
            ref var d = ref MemoryMarshal.GetReference(dst);
            for (; i <= src.Length - block; i += block)
            {
                for (var k = 0; k < channels; k++)
                {
                    var at = (nuint)(i + (64 * k));
                    var idx = Vector512.LoadUnsafe(ref s, at);
                    var result = Vector512<byte>.Zero;
                    for (var c = 0; c < channels; c++)
                    {
                        var v = Lookup(idx, t[c * 4], t[(c * 4) + 1], t[(c * 4) + 2], t[(c * 4) + 3]);
                        result = Vector512.ConditionalSelect(masks[(k * channels) + c], v, result);
                    }
                    result.StoreUnsafe(ref d, at);
                }
            }
        }
        for (; i < src.Length; i++)
        {
            dst[i] = tables[((i % channels) * 256) + src[i]];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Lookup(Vector512<byte> idx, Vector512<byte> t0, Vector512<byte> t1, Vector512<byte> t2, Vector512<byte> t3)
    {
        // vpermi2b uses the low 7 bits of each index: entries 0-127 from (t0, t1), 128-255 from (t2, t3)
        var low = Avx512Vbmi.PermuteVar64x8x2(t0, idx, t1);
        var high = Avx512Vbmi.PermuteVar64x8x2(t2, idx, t3);
        var top = Vector512.LessThan(idx.AsSByte(), Vector512<sbyte>.Zero).AsByte();
        return Vector512.ConditionalSelect(top, high, low);
    }
}
