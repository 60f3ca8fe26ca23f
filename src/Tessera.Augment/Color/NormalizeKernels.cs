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
        var dst = image.Rank == 2 ? Image.CreateGray(image.Height, image.Width, PixelType.Float32) : Image.Create(image.Height, image.Width, c, PixelType.Float32);
        var d = dst.Pixels<float>();
        switch (image.PixelType)
        {
            case PixelType.UInt8:
                var b = image.Bytes;
                if (c == 3)
                {
                    for (var i = 0; i < b.Length; i += 3)
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
