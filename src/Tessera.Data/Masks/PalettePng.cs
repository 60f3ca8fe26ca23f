using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Tessera.Core.Errors;

namespace Tessera.Data.Masks;

/// <summary>
/// A minimal PNG codec for label maps that keeps pixel values as indices: it reads gray (1, 2, 4, 8, 16 bits) and
/// palette (1, 2, 4, 8 bits) PNGs without expanding a palette to colours (OpenCV does expand it), and writes 8-bit
/// palette PNGs. Non-interlaced files only; RGB(A) and gray+alpha files are rejected (they are not label maps).
/// </summary>
/// <remarks>Reference: the PNG specification (W3C, 2nd edition): chunk layout, IHDR, PLTE, IDAT (zlib), the five
/// row filters and bit packing (most significant bits first).</remarks>
public static class PalettePng
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Reads the pixel values (indices for palette files, gray levels for gray files) of a label PNG.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The decoded map.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">Not a PNG, corrupt (bad CRC, truncated, bad zlib data or filter), interlaced, or a colour type that is not gray or palette; the file is named.</exception>
    public static IndexedPng Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { throw new FileNotFoundException($"label PNG '{path}' does not exist", path); }
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes PNG bytes (see <see cref="Read"/>).</summary>
    /// <param name="png">The file's bytes.</param>
    /// <param name="source">Name used in errors.</param>
    /// <returns>The decoded map.</returns>
    /// <exception cref="TesseraFormatException">See <see cref="Read"/>.</exception>
    public static IndexedPng Decode(ReadOnlySpan<byte> png, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (png.Length < 8 || !png[..8].SequenceEqual(Signature)) { throw new TesseraFormatException(source, "byte 0", "not a PNG file (bad signature)"); }
        int width = 0, height = 0, depth = 0, colorType = -1;
        IReadOnlyList<(byte, byte, byte)>? palette = null;
        using var idat = new MemoryStream();
        var pos = 8;
        var ended = false;
        while (!ended)
        {
            if (pos + 12 > png.Length) { throw new TesseraFormatException(source, $"byte {pos}", "truncated: chunk header past the end of the file"); }
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            if (length > int.MaxValue || pos + 12 + (long)length > png.Length) { throw new TesseraFormatException(source, $"byte {pos}", "truncated: chunk data past the end of the file"); }
            var type = Encoding.ASCII.GetString(png.Slice(pos + 4, 4));
            var data = png.Slice(pos + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + (int)length)..]);
            if (Crc(png.Slice(pos + 4, 4 + (int)length)) != crc) { throw new TesseraFormatException(source, $"byte {pos}", $"chunk {type} has a bad CRC (corrupt file)"); }
            switch (type)
            {
                case "IHDR":
                    if (length != 13) { throw new TesseraFormatException(source, $"byte {pos}", "IHDR must be 13 bytes"); }
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    depth = data[8];
                    colorType = data[9];
                    if (data[12] != 0) { throw new TesseraFormatException(source, "IHDR", "interlaced (Adam7) PNGs are not supported for label maps"); }
                    if (colorType is not (0 or 3))
                    {
                        throw new TesseraFormatException(source, "IHDR", $"colour type {colorType} is not a label map (expected 0 gray or 3 palette; RGB/alpha PNGs hold colours, not indices)");
                    }
                    if ((colorType == 0 && depth is not (1 or 2 or 4 or 8 or 16)) || (colorType == 3 && depth is not (1 or 2 or 4 or 8)))
                    {
                        throw new TesseraFormatException(source, "IHDR", $"bit depth {depth} is invalid for colour type {colorType}");
                    }
                    if (width <= 0 || height <= 0) { throw new TesseraFormatException(source, "IHDR", $"size {width}×{height} must be positive"); }
                    break;
                case "PLTE":
                    if (length % 3 != 0) { throw new TesseraFormatException(source, "PLTE", "length must be a multiple of 3"); }
                    var entries = new List<(byte, byte, byte)>();
                    for (var i = 0; i < length; i += 3) { entries.Add((data[i], data[i + 1], data[i + 2])); }
                    palette = entries;
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
            }
            pos += 12 + (int)length;
            if (!ended && pos >= png.Length) { throw new TesseraFormatException(source, $"byte {pos}", "truncated: no IEND chunk"); }
        }
        if (colorType < 0) { throw new TesseraFormatException(source, null, "no IHDR chunk"); }
        if (colorType == 3 && palette is null) { throw new TesseraFormatException(source, null, "palette PNG without a PLTE chunk"); }
        var bitsPerPixel = depth;
        var stride = ((width * bitsPerPixel) + 7) / 8;
        var raw = new byte[(long)(stride + 1) * height];
        idat.Position = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            var read = 0;
            while (read < raw.Length)
            {
                var n = z.Read(raw, read, raw.Length - read);
                if (n == 0) { break; }
                read += n;
            }
            if (read < raw.Length) { throw new TesseraFormatException(source, "IDAT", $"image data holds {read} bytes, {raw.Length} needed for {width}×{height} at {depth} bits"); }
        }
        catch (InvalidDataException e)
        {
            throw new TesseraFormatException(source, "IDAT", $"bad zlib data: {e.Message}");
        }
        var bpp = Math.Max(1, bitsPerPixel / 8);
        var rows = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[(long)y * (stride + 1)];
            var src = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var dst = rows.AsSpan(y * stride, stride);
            var up = y > 0 ? rows.AsSpan((y - 1) * stride, stride) : Span<byte>.Empty;
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? dst[i - bpp] : 0;
                int b = y > 0 ? up[i] : 0;
                int c = i >= bpp && y > 0 ? up[i - bpp] : 0;
                dst[i] = filter switch
                {
                    0 => src[i],
                    1 => (byte)(src[i] + a),
                    2 => (byte)(src[i] + b),
                    3 => (byte)(src[i] + ((a + b) >> 1)),
                    4 => (byte)(src[i] + Paeth(a, b, c)),
                    _ => throw new TesseraFormatException(source, $"row {y}", $"unknown filter type {filter}"),
                };
            }
        }
        var values = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = rows.AsSpan(y * stride, stride);
            for (var x = 0; x < width; x++)
            {
                values[(y * width) + x] = depth switch
                {
                    16 => (row[2 * x] << 8) | row[(2 * x) + 1],
                    8 => row[x],
                    _ => (row[x * depth / 8] >> (8 - depth - ((x * depth) % 8))) & ((1 << depth) - 1),
                };
            }
        }
        return new IndexedPng(height, width, depth, colorType == 3, values, palette);
    }

    /// <summary>Encodes an 8-bit palette PNG (indices + palette), e.g. a semantic label map with a colour per class.</summary>
    /// <param name="indices">H·W indices, row-major.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="palette">1–256 RGB entries; every index must have an entry.</param>
    /// <returns>The PNG bytes.</returns>
    /// <exception cref="TesseraArgumentException">Sizes disagree, the palette is empty or too long, or an index has no palette entry.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> indices, int height, int width, IReadOnlyList<(byte R, byte G, byte B)> palette)
    {
        ArgumentNullException.ThrowIfNull(palette);
        Guard.That(height > 0 && width > 0 && indices.Length == height * width, nameof(indices), $"must hold h·w = {height}·{width} values (got {indices.Length})");
        Guard.That(palette.Count is >= 1 and <= 256, nameof(palette), $"must have 1–256 entries (got {palette.Count})");
        foreach (var v in indices)
        {
            if (v >= palette.Count) { throw new TesseraArgumentException(nameof(indices), $"index {v} has no palette entry (palette has {palette.Count})"); }
        }
        var raw = new byte[height * (width + 1)];
        for (var y = 0; y < height; y++)
        {
            indices.Slice(y * width, width).CopyTo(raw.AsSpan((y * (width + 1)) + 1));
        }
        return Assemble(width, height, 8, 3, palette, raw);
    }

    /// <summary>Builds a PNG from already filtered scanlines (each row: filter byte + packed pixels).</summary>
    internal static byte[] Assemble(int width, int height, int depth, int colorType, IReadOnlyList<(byte R, byte G, byte B)>? palette, byte[] filteredRows)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colorType;
        WriteChunk(output, "IHDR", ihdr);
        if (palette is not null)
        {
            WriteChunk(output, "PLTE", [.. palette.SelectMany(p => new[] { p.R, p.G, p.B })]);
        }
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(filteredRows);
            }
            WriteChunk(output, "IDAT", compressed.ToArray());
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        s.Write(header);
        s.Write(data);
        var crcInput = new byte[4 + data.Length];
        header[4..].CopyTo(crcInput);
        data.CopyTo(crcInput, 4);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc(crcInput));
        s.Write(crc);
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes) { c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8); }
        return c ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) { c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1; }
            table[n] = c;
        }
        return table;
    }
}
