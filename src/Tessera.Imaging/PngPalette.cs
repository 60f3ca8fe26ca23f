using System.Buffers.Binary;
using System.IO.Compression;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Imaging;

/// <summary>
/// Decodes the palette indices of a palette (colour type 3) PNG, the format of VOC-style label maps, which OpenCV
/// would expand to colours.
/// </summary>
internal static class PngPalette
{
    /// <summary>Whether the PNG's IHDR declares colour type 3 (palette).</summary>
    public static bool IsPalette(ReadOnlySpan<byte> bytes) => ImageHeader.IsPng(bytes) && bytes.Length >= 26 && bytes[25] == 3;

    /// <summary>The indices as a 2-D uint8 image.</summary>
    /// <param name="bytes">The file.</param>
    /// <param name="source">File name for errors.</param>
    /// <returns>H×W indices.</returns>
    /// <exception cref="TesseraFormatException">The PNG is malformed or interlaced.</exception>
    public static Image ReadIndices(byte[] bytes, string source)
    {
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16));
        var height = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20));
        int depth = bytes[24], interlace = bytes[28];
        if (depth is not (1 or 2 or 4 or 8))
        {
            throw new TesseraFormatException(source, "IHDR", $"palette bit depth {depth} is invalid (1, 2, 4 or 8)");
        }
        if (interlace != 0)
        {
            throw new TesseraFormatException(source, "IHDR", "interlaced (Adam7) palette PNGs are not supported as label maps; save it without interlacing");
        }
        using var idat = new MemoryStream();
        var pos = 8;
        while (pos + 12 <= bytes.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(pos));
            if (length < 0 || pos + 12L + length > bytes.Length)
            {
                throw new TesseraFormatException(source, $"byte {pos}", "chunk runs past the end of the file (truncated PNG)");
            }
            var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            if (type == "IDAT")
            {
                idat.Write(bytes, pos + 8, length);
            }
            else if (type == "IEND")
            {
                break;
            }
            pos += 12 + length;
        }
        var stride = (int)(((long)width * depth + 7) / 8);
        var raw = new byte[(long)(stride + 1) * height];
        idat.Position = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            z.ReadExactly(raw);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new TesseraFormatException(source, "IDAT", $"the compressed pixel data is corrupt or truncated ({e.Message})");
        }
        var image = Image.CreateUninitialized(height, width, 1, PixelType.UInt8, keep2D: true);
        var dst = image.Bytes;
        var prev = new byte[stride];
        var line = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[(long)y * (stride + 1)];
            Array.Copy(raw, ((long)y * (stride + 1)) + 1, line, 0, stride);
            Unfilter(filter, line, prev, source, y);
            for (var x = 0; x < width; x++)
            {
                var bit = x * depth;
                dst[(y * width) + x] = (byte)((line[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1));
            }
            (prev, line) = (line, prev);
        }
        return image;
    }

    private static void Unfilter(byte filter, byte[] line, byte[] prev, string source, int row)
    {
        for (var i = 0; i < line.Length; i++)
        {
            int a = i > 0 ? line[i - 1] : 0, b = prev[i], c = i > 0 ? prev[i - 1] : 0;
            line[i] = filter switch
            {
                0 => line[i],
                1 => (byte)(line[i] + a),
                2 => (byte)(line[i] + b),
                3 => (byte)(line[i] + ((a + b) >> 1)),
                4 => (byte)(line[i] + Paeth(a, b, c)),
                _ => throw new TesseraFormatException(source, $"row {row}", $"unknown PNG filter type {filter}"),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
