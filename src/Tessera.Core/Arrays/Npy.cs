using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Core.Arrays;

/// <summary>
/// Reads and writes numpy's <c>.npy</c> format (versions 1.0, 2.0 and 3.0; C order, little-endian).
/// Supported descriptors: <c>|b1 |i1 |u1 &lt;i2 &lt;u2 &lt;i4 &lt;u4 &lt;i8 &lt;u8 &lt;f2 &lt;f4 &lt;f8</c>.
/// Anything else (Fortran order, big-endian, structured or object arrays) is rejected with a
/// <see cref="TesseraFormatException"/>.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads an array from a .npy file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array.</returns>
    /// <exception cref="TesseraFormatException">The file is not a supported .npy file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static NdArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads an array from a stream positioned at the start of .npy data.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <returns>The array.</returns>
    /// <exception cref="TesseraFormatException">The data is not a supported .npy array.</exception>
    public static NdArray Read(Stream stream, string sourceName = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var prefix = new byte[8];
        ReadExactly(stream, prefix, sourceName, "magic");
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new TesseraFormatException(sourceName, "byte 0", "not a .npy file (magic \\x93NUMPY missing)");
        }
        int major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            var len = new byte[2];
            ReadExactly(stream, len, sourceName, "header length");
            headerLength = len[0] | (len[1] << 8);
        }
        else if (major is 2 or 3)
        {
            var len = new byte[4];
            ReadExactly(stream, len, sourceName, "header length");
            headerLength = BitConverter.ToInt32(len);
        }
        else
        {
            throw new TesseraFormatException(sourceName, "byte 6", $"unsupported .npy version {major}.{prefix[7]}");
        }
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, sourceName, "header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (dtype, shape) = ParseHeader(header, sourceName);
        var count = NdArray.ElementCount(shape);
        var data = new byte[checked(count * dtype.SizeOf())];
        ReadExactly(stream, data, sourceName, "array data");
        return NdArray.Adopt(dtype, shape, data);
    }

    /// <summary>Writes an array to a .npy file (version 1.0), atomically.</summary>
    /// <param name="path">Destination; replaced only when the write completed.</param>
    /// <param name="array">The array.</param>
    public static void Write(string path, NdArray array)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, s => Write(s, array));
    }

    /// <summary>Writes an array in .npy format (version 1.0) to a stream.</summary>
    /// <param name="stream">The destination stream.</param>
    /// <param name="array">The array.</param>
    public static void Write(Stream stream, NdArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        var shape = array.Shape.Count switch
        {
            0 => "()",
            1 => $"({array.Shape[0]},)",
            _ => "(" + string.Join(", ", array.Shape) + ")",
        };
        var dict = $"{{'descr': '{array.DType.NumpyDescr()}', 'fortran_order': False, 'shape': {shape}, }}";
        var total = Magic.Length + 2 + 2 + dict.Length + 1;
        var pad = (64 - (total % 64)) % 64;
        var header = dict + new string(' ', pad) + "\n";
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        stream.WriteByte((byte)(header.Length & 0xFF));
        stream.WriteByte((byte)(header.Length >> 8));
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(array.Bytes);
    }

    private static (DType, int[]) ParseHeader(string header, string source)
    {
        var descr = DescrRegex().Match(header);
        var fortran = FortranRegex().Match(header);
        var shape = ShapeRegex().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw new TesseraFormatException(source, "header", $"malformed .npy header: {header.Trim()}");
        }
        if (fortran.Groups[1].Value == "True")
        {
            throw new TesseraFormatException(source, "header", "Fortran-ordered arrays are not supported (save with C order)");
        }
        var d = descr.Groups[1].Value;
        var dtype = d switch
        {
            "|b1" or "<b1" or "b1" or "?" => DType.Bool,
            "|i1" or "<i1" or "i1" => DType.Int8,
            "|u1" or "<u1" or "u1" => DType.UInt8,
            "<i2" => DType.Int16,
            "<u2" => DType.UInt16,
            "<i4" => DType.Int32,
            "<u4" => DType.UInt32,
            "<i8" => DType.Int64,
            "<u8" => DType.UInt64,
            "<f2" => DType.Float16,
            "<f4" => DType.Float32,
            "<f8" => DType.Float64,
            _ => throw new TesseraFormatException(source, "header",
                $"unsupported dtype '{d}'; supported: |b1 |i1 |u1 <i2 <u2 <i4 <u4 <i8 <u8 <f2 <f4 <f8 (little-endian, no structured/object types)"),
        };
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s.TrimEnd('L'), CultureInfo.InvariantCulture)).ToArray();
        return (dtype, dims);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string source, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                throw new TesseraFormatException(source, null, $"truncated .npy file while reading the {what} ({read} of {buffer.Length} bytes)");
            }
            read += n;
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
