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
/// <remarks>Header parsing is <see cref="SafetensorsFile"/>'s. Format: 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// <c>{name: {dtype, shape, data_offsets}, "__metadata__": {…}}</c>, then the data block.</remarks>
internal static class StateDictFileIo
{
    /// <summary>
    /// Reads every tensor: the header is parsed and validated by <see cref="SafetensorsFile.ReadHeader"/>, then each
    /// tensor's bytes are read from the file straight into a new tensor.
    /// </summary>
    public static StateDict ReadSafetensors(string path)
    {
        var infos = SafetensorsFile.ReadHeader(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        var result = new StateDict();
        try
        {
            foreach (var info in infos)
            {
                var tensor = torch.empty(info.Shape.Select(d => (long)d).ToArray(), ScalarTypeOf(path, info));
                result.Add(info.Name, tensor);
                if (info.ByteLength > 0)
                {
                    stream.Position = dataStart + info.Begin;
                    stream.ReadExactly(tensor.bytes);
                }
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    private static ScalarType ScalarTypeOf(string path, SafetensorsTensorInfo info) => info.DType switch
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
        var other => throw new TesseraFormatException(path, info.Name, $"dtype '{other}' has no TorchSharp tensor type"),
    };

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
