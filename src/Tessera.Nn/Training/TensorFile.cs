using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Training;

/// <summary>
/// A minimal safetensors reader and writer for the trainer's own checkpoints (named tensors plus string
/// metadata). The layout follows huggingface/safetensors: an 8-byte little-endian header length, a JSON header
/// (<c>__metadata__</c> plus one entry per tensor with dtype, shape and data offsets), padded with spaces to
/// 8 bytes, then the raw little-endian tensor bytes in header order.
/// </summary>
/// <remarks>
/// Kept inside Training until the general <c>Weights/Safetensors*</c> reader (memory-mapped, all dtypes) is on
/// main; it handles the dtypes a checkpoint holds (F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL).
/// </remarks>
internal static class TensorFile
{
    private const int MaxHeaderBytes = 100 << 20;

    /// <summary>Writes the tensors and metadata atomically (temporary file, then rename).</summary>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        using var scope = torch.NewDisposeScope();
        var dense = new List<(string Name, Tensor Tensor, long Begin, long End)>(tensors.Count);
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            var t = tensor.detach().cpu().contiguous();
            var length = t.numel() * t.ElementSize;
            dense.Add((name, t, offset, offset + length));
            offset += length;
        }

        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            foreach (var (name, t, begin, end) in dense)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", DTypeName(t.dtype));
                json.WriteStartArray("shape");
                foreach (var d in t.shape)
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(begin);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        AtomicFile.Write(path, stream =>
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
            stream.Write(lengthBytes);
            header.Position = 0;
            header.CopyTo(stream);
            foreach (var entry in dense)
            {
                if (entry.End > entry.Begin)
                {
                    stream.Write(entry.Tensor.bytes);
                }
            }
        });
    }

    /// <summary>Reads every tensor (CPU, owned by the caller) and the metadata.</summary>
    /// <exception cref="TesseraFormatException">The file is not a well-formed safetensors file.</exception>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new TesseraFormatException(path, "byte 0", "shorter than the 8-byte header length");
        }
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || 8 + (long)headerLength > bytes.Length)
        {
            throw new TesseraFormatException(path, "byte 0", $"header length {headerLength} exceeds the file ({bytes.Length} bytes)");
        }
        var dataStart = 8 + (long)headerLength;
        var dataLength = bytes.Length - dataStart;
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    foreach (var m in entry.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.GetString() ?? "";
                    }
                    continue;
                }
                var dtype = ScalarTypeOf(entry.Value.GetProperty("dtype").GetString(), path, entry.Name);
                var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var tensor = torch.empty(shape, dtype);
                var expected = tensor.numel() * tensor.ElementSize;
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != expected || offsets[1] > dataLength)
                {
                    tensor.Dispose();
                    throw new TesseraFormatException(path, $"tensor '{entry.Name}'", $"data_offsets [{string.Join(", ", offsets)}] do not match {expected} bytes inside a {dataLength}-byte data section");
                }
                if (expected > 0)
                {
                    bytes.AsSpan((int)(dataStart + offsets[0]), (int)expected).CopyTo(tensor.bytes);
                }
                tensors[entry.Name] = tensor;
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
            throw new TesseraFormatException(path, "header", $"invalid safetensors header ({ex.Message})");
        }
        catch
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
            throw;
        }
        return (tensors, metadata);
    }

    private static string DTypeName(ScalarType type) => type switch
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
        _ => throw new TesseraArgumentException("tensors", $"dtype {type} cannot be stored in a checkpoint"),
    };

    private static ScalarType ScalarTypeOf(string? name, string path, string tensor) => name switch
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
        _ => throw new TesseraFormatException(path, $"tensor '{tensor}'", $"unsupported dtype '{name}'"),
    };
}
