using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Color;

/// <summary>Normalisation and dtype conversions with numpy float32 arithmetic.</summary>
internal static class NormalizeKernels
{
    public static Image Normalize(Image image, IReadOnlyList<double> mean, IReadOnlyList<double> std, double maxPixelValue)
    {
        var c = image.Channels;
        Guard.That(mean.Count == 1 || mean.Count == c, nameof(mean), $"must hold 1 or {c} values for a {c}-channel image (got {mean.Count})");
        Guard.That(std.Count == 1 || std.Count == c, nameof(std), $"must hold 1 or {c} values for a {c}-channel image (got {std.Count})");
        var m = new float[c];
        var r = new float[c];
        for (var k = 0; k < c; k++)
        {
            m[k] = (float)mean[mean.Count == 1 ? 0 : k] * (float)maxPixelValue;
            r[k] = 1f / ((float)std[std.Count == 1 ? 0 : k] * (float)maxPixelValue);
        }
        // every element is written below
        var dst = Image.CreateUninitialized(image.Height, image.Width, c, PixelType.Float32, keep2D: image.Rank == 2);
        var d = dst.Pixels<float>();
        switch (image.PixelType)
        {
            case PixelType.UInt8:
                var b = image.Bytes;
                if (c == 3)
                {
                    var start = Avx512F.IsSupported ? NormalizeRgb8Avx512(b, d, m, r) : 0;
                    for (var i = start; i < b.Length; i += 3)
                    {
                        d[i] = (b[i] - m[0]) * r[0];
                        d[i + 1] = (b[i + 1] - m[1]) * r[1];
                        d[i + 2] = (b[i + 2] - m[2]) * r[2];
                    }
                }
                else
                {
                    for (var i = 0; i < b.Length; i++)
                    {
                        d[i] = (b[i] - m[i % c]) * r[i % c];
                    }
                }
                break;
            case PixelType.UInt16:
                var u = image.Pixels<ushort>();
                for (var i = 0; i < u.Length; i++)
                {
                    d[i] = (u[i] - m[i % c]) * r[i % c];
                }
                break;
            default:
                var f = image.Pixels<float>();
                for (var i = 0; i < f.Length; i++)
                {
                    d[i] = (f[i] - m[i % c]) * r[i % c];
                }
                break;
        }
        return dst;
    }

    /// <summary>
    /// (b − m) × r per element, 16 at a time (float32 subtract then multiply, as numpy does; no fused multiply-add, so
    /// the results equal the scalar loop's). The channel pattern repeats every 48 elements (three vectors of 16).
    /// Returns how many elements were done (a multiple of 48).
    /// </summary>
    private static int NormalizeRgb8Avx512(ReadOnlySpan<byte> b, Span<float> d, float[] m, float[] r)
    {
        Span<float> pattern = stackalloc float[48];
        var mv = new Vector512<float>[3];
        var rv = new Vector512<float>[3];
        for (var k = 0; k < 3; k++)
        {
            for (var j = 0; j < 16; j++)
            {
                pattern[j] = m[((16 * k) + j) % 3];
                pattern[16 + j] = r[((16 * k) + j) % 3];
            }
            mv[k] = Vector512.Create((ReadOnlySpan<float>)pattern[..16]);
            rv[k] = Vector512.Create((ReadOnlySpan<float>)pattern.Slice(16, 16));
        }
        var (m0, m1, m2, r0, r1, r2) = (mv[0], mv[1], mv[2], rv[0], rv[1], rv[2]);
        ref var src = ref MemoryMarshal.GetReference(b);
        ref var dstRef = ref MemoryMarshal.GetReference(d);
        var i = 0;
        for (; i <= b.Length - 48; i += 48)
        {
            var f0 = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref src, (nuint)i)));
            var f1 = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref src, (nuint)(i + 16))));
            var f2 = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref src, (nuint)(i + 32))));
            Avx512F.Multiply(Avx512F.Subtract(f0, m0), r0).StoreUnsafe(ref dstRef, (nuint)i);
            Avx512F.Multiply(Avx512F.Subtract(f1, m1), r1).StoreUnsafe(ref dstRef, (nuint)(i + 16));
            Avx512F.Multiply(Avx512F.Subtract(f2, m2), r2).StoreUnsafe(ref dstRef, (nuint)(i + 32));
        }
        return i;
    }

    public static Image FromFloat(Image image, string dtype, double? maxValue)
    {
        // albumentations multiplies whatever it gets; integer inputs are taken by value (values above the range saturate here).
        if (image.PixelType != PixelType.Float32)
        {
            image = Pixel.PixelCv.ToFloat(image, 1.0);
        }
        var type = dtype switch
        {
            "uint8" => PixelType.UInt8,
            "uint16" => PixelType.UInt16,
            _ => PixelType.Float32,
        };
        var max = (float)(maxValue ?? Pixel.PixelCv.MaxValue(type));
        var dst = image.Rank == 2 ? Image.CreateGray(image.Height, image.Width, type) : Image.Create(image.Height, image.Width, image.Channels, type);
        var s = image.Pixels<float>();
        switch (type)
        {
            case PixelType.UInt8:
                var b = dst.Bytes;
                for (var i = 0; i < s.Length; i++)
                {
                    b[i] = (byte)Math.Clamp(s[i] * max, 0f, 255f);
                }
                break;
            case PixelType.UInt16:
                var u = dst.Pixels<ushort>();
                for (var i = 0; i < s.Length; i++)
                {
                    u[i] = (ushort)Math.Clamp(s[i] * max, 0f, 65535f);
                }
                break;
            default:
                var f = dst.Pixels<float>();
                for (var i = 0; i < s.Length; i++)
                {
                    f[i] = s[i] * max;
                }
                break;
        }
        return dst;
    }
}
