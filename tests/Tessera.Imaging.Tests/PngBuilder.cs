using System.Buffers.Binary;
using System.IO.Compression;

namespace Tessera.Imaging.Tests;

/// <summary>Builds small PNG files by hand (valid chunk CRCs), including ones whose header lies about the size.</summary>
internal static class PngBuilder
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    public static byte[] Palette(int width, int height, byte[] indices, byte[] rgbPalette)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(y % 2 == 0 ? (byte)0 : (byte)2); // none and "up" filters
            for (var x = 0; x < width; x++)
            {
                var v = indices[(y * width) + x];
                raw.WriteByte(y % 2 == 0 ? v : (byte)(v - indices[((y - 1) * width) + x]));
            }
        }
        return File(width, height, 8, 3, Compress(raw.ToArray()), rgbPalette);
    }

    /// <summary>A file whose IHDR declares <paramref name="width"/>×<paramref name="height"/> gray pixels, with a few bytes of data.</summary>
    public static byte[] DeclaringSize(uint width, uint height) => File(width, height, 8, 0, Compress(new byte[64]), null);

    private static byte[] Compress(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }
        return ms.ToArray();
    }

    private static byte[] File(long width, long height, byte depth, byte colorType, byte[] idat, byte[]? palette)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = depth;
        ihdr[9] = colorType;
        Chunk(ms, "IHDR", ihdr);
        if (palette is not null)
        {
            Chunk(ms, "PLTE", palette);
        }
        Chunk(ms, "IDAT", idat);
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        s.Write(head);
        s.Write(data);
        var crc = 0xFFFFFFFFu;
        foreach (var b in head.AsSpan(4).ToArray().Concat(data))
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc ^ 0xFFFFFFFFu);
        s.Write(tail);
    }
}
