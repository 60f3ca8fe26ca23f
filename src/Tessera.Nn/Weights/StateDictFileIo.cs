using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Weights;

/// <summary>
/// Reads and writes the safetensors layout straight between a file and tensors: each tensor's bytes are read into
/// (or written from) its own native buffer, so loading needs no second copy of the checkpoint in memory.
/// </summary>
/// <remarks>Format: 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// <c>{name: {dtype, shape, data_offsets}, "__metadata__": {…}}</c>, then the data block.</remarks>
internal static class StateDictFileIo
{
    private const long MaxHeaderBytes = 100L << 20;

    public static StateDict ReadSafetensors(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var fileLength = stream.Length;
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Read(lengthBytes) != 8) { throw new TesseraFormatException(path, "byte 0", "file is shorter than the 8-byte safetensors header length"); }
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > (ulong)MaxHeaderBytes || (long)headerLength > fileLength - 8)
        {
            throw new TesseraFormatException(path, "byte 0", $"header length {headerLength} does not fit the file ({fileLength} bytes)");
        }
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;
        var result = new StateDict();
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { throw new TesseraFormatException(path, "header", "is not a JSON object"); }
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") { continue; }
                var (dtype, shape, begin, end) = ParseEntry(path, entry);
                var tensor = torch.empty(shape, dtype);
                var byteCount = tensor.numel() * tensor.ElementSize;
                if (end - begin != byteCount || begin < 0 || end > dataLength)
                {
                    tensor.Dispose();
                    throw new TesseraFormatException(path, entry.Name, $"data_offsets [{begin}, {end}] do not hold {byteCount} bytes inside the {dataLength}-byte data block");
                }
                if (byteCount > 0)
                {
                    stream.Position = dataStart + begin;
                    stream.ReadExactly(tensor.bytes);
                }
                result.Add(entry.Name, tensor);
            }
        }
        catch (JsonException e)
        {
            result.Dispose();
            throw new TesseraFormatException(path, "header", $"invalid JSON: {e.Message}");
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    private static (ScalarType DType, long[] Shape, long Begin, long End) ParseEntry(string path, JsonProperty entry)
    {
        var v = entry.Value;
        if (v.ValueKind != JsonValueKind.Object
            || !v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array
            || !v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
        {
            throw new TesseraFormatException(path, entry.Name, "entry needs dtype, shape and two data_offsets");
        }
        var shape = sh.EnumerateArray().Select(e => e.GetInt64()).ToArray();
        if (shape.Any(d => d < 0)) { throw new TesseraFormatException(path, entry.Name, "negative dimension"); }
        var dtype = dt.GetString() switch
        {
            "F64" => ScalarType.Float64,
            "F32" => ScalarType.Float32,
            "F16" => ScalarType.Float16,
            "BF16" => ScalarType.BFloat16,
            "I64" => ScalarType.Int64,
            "I32" => ScalarType.Int32,
            "I16" => ScalarType.Int16,
            "I8" => ScalarType.Int8,
            "U8" => ScalarType.Byte,
            "BOOL" => ScalarType.Bool,
            var other => throw new TesseraFormatException(path, entry.Name, $"unsupported dtype '{other}'"),
        };
        return (dtype, shape, off[0].GetInt64(), off[1].GetInt64());
    }

    public static string SafetensorsDType(ScalarType type) => type switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new TesseraArgumentException("weights", $"dtype {type} cannot be stored in safetensors"),
    };

    /// <summary>Writes tensors in sorted-name order, header padded with spaces to a multiple of 8.</summary>
    public static void WriteSafetensors(Stream stream, StateDict weights, IReadOnlyDictionary<string, string>? metadata)
    {
        var keys = weights.Keys.Order(StringComparer.Ordinal).ToList();
        var header = new StringBuilder("{");
        var first = true;
        if (metadata is { Count: > 0 })
        {
            header.Append("\"__metadata__\":").Append(JsonSerializer.Serialize(metadata));
            first = false;
        }
        long offset = 0;
        foreach (var k in keys)
        {
            var t = weights[k];
            var bytes = t.numel() * t.ElementSize;
            if (!first) { header.Append(','); }
            first = false;
            header.Append(JsonSerializer.Serialize(k)).Append(":{\"dtype\":\"").Append(SafetensorsDType(t.dtype))
                .Append("\",\"shape\":[").Append(string.Join(",", t.shape.Select(d => d.ToString(CultureInfo.InvariantCulture))))
                .Append("],\"data_offsets\":[").Append(offset.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((offset + bytes).ToString(CultureInfo.InvariantCulture)).Append("]}");
            offset += bytes;
        }
        header.Append('}');
        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        var padded = (headerBytes.Length + 7) / 8 * 8;
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        stream.Write(len);
        stream.Write(headerBytes);
        for (var i = headerBytes.Length; i < padded; i++) { stream.WriteByte((byte)' '); }
        foreach (var k in keys)
        {
            var t = weights[k];
            if (t.numel() == 0) { continue; }
            using var c = t.detach().cpu().contiguous();
            stream.Write(c.bytes);
        }
    }
}
