using System.Buffers.Binary;

namespace Tessera.Imaging;

/// <summary>Reads the declared size of PNG, JPEG and BMP files from their headers, without decoding pixels.</summary>
internal static class ImageHeader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Whether the bytes start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.Length >= 8 && bytes[..8].SequenceEqual(PngSignature);

    /// <summary>The width and height the header declares; null when the format is not one of these or the header is cut short.</summary>
    public static (long Width, long Height)? DeclaredSize(ReadOnlySpan<byte> bytes)
    {
        if (IsPng(bytes))
        {
            return bytes.Length >= 24 ? (BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[20..])) : null;
        }
        if (bytes.Length >= 26 && bytes[0] == (byte)'B' && bytes[1] == (byte)'M')
        {
            return (Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[18..])), Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bytes[22..])));
        }
        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            return JpegSize(bytes);
        }
        return null;
    }

    private static (long, long)? JpegSize(ReadOnlySpan<byte> bytes)
    {
        var i = 2;
        while (i + 9 < bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                return null;
            }
            var marker = bytes[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]));
            }
            i += 2 + length;
        }
        return null;
    }
}
