using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Nn.Weights;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N
/// bytes of UTF-8 JSON <c>{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}</c>, then
/// the little-endian tensor data with offsets relative to the data block. dtypes: BOOL, U8, I8, U16, I16, F16,
/// BF16 (read as float32 on request), U32, I32, F32, U64, I64, F64; float8 entries are listed but not readable.
/// </summary>
/// <remarks>
/// Reading validates the header as the reference implementation does — the JSON must be an object without repeated
/// names, every entry's byte range must match its dtype and shape, and the ranges must tile the data block exactly
/// (no overlap, no gap, no trailing bytes) — and reports the first problem as a <see cref="TesseraFormatException"/>
/// naming the file and the byte position or entry.
/// </remarks>
public static class SafetensorsFile
{
    /// <summary>The reserved header key for free-form string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    private const int HeaderAlignment = 8;

    /// <summary>Opens a safetensors file: reads and validates its header and memory-maps its data.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Read options; null for defaults.</param>
    /// <returns>A file-backed dictionary in header order; dispose it to release the mapping.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraFormatException">The file is not a valid safetensors file.</exception>
    public static TensorDictionary Read(string path, SafetensorsReadOptions? options = null)
    {
        options ??= new SafetensorsReadOptions();
        var layout = ReadLayout(path, options.MaxHeaderBytes);
        var mapped = new MappedSafetensors(path, layout.DataStart, layout.DataLength);
        return new TensorDictionary(path, layout.Tensors, layout.Metadata, mapped, options.ConvertBFloat16ToFloat32);
    }

    /// <summary>
    /// Reads and validates a file's header (entries, metadata, layout of the data block) without keeping the file
    /// open: the one header reader behind both the array-level and the tensor-level readers.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraFormatException">The file is not a valid safetensors file.</exception>
    internal static SafetensorsLayout ReadLayout(string path, long maxHeaderBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { throw new FileNotFoundException($"safetensors file '{path}' does not exist", path); }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadLayout(stream, path, maxHeaderBytes);
    }

    /// <summary>
    /// Reads and validates the header of safetensors content held by a seekable stream positioned anywhere; offsets in
    /// the result are relative to the stream's start. <paramref name="source"/> names the content in errors.
    /// </summary>
    /// <exception cref="TesseraFormatException">The content is not valid safetensors.</exception>
    internal static SafetensorsLayout ReadLayout(Stream stream, string source, long maxHeaderBytes)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw new TesseraFormatException(source, "byte 0", $"file has {fileLength} bytes, fewer than the 8-byte header length");
        }
        stream.Position = 0;
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > (ulong)maxHeaderBytes)
        {
            throw new TesseraFormatException(source, "byte 0", $"header length {n} exceeds the limit of {maxHeaderBytes} bytes");
        }
        if (n > (ulong)(fileLength - 8))
        {
            throw new TesseraFormatException(source, "byte 0", $"header length {n} exceeds the {fileLength - 8} bytes after the length field");
        }
        var header = new byte[n];
        stream.ReadExactly(header);
        var dataLength = fileLength - 8 - header.Length;
        var (infos, metadata) = ParseHeader(source, header, dataLength);
        CheckLayout(source, infos, dataLength, 8 + header.Length);
        return new SafetensorsLayout(infos, metadata, 8 + header.Length, dataLength);
    }

    /// <summary>Reads only the header entries of a safetensors file (no mapping is kept).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The entries in header order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraFormatException">The file is not a valid safetensors file.</exception>
    public static IReadOnlyList<SafetensorsTensorInfo> ReadHeader(string path) =>
        ReadLayout(path, new SafetensorsReadOptions().MaxHeaderBytes).Tensors;

    /// <summary>
    /// Writes tensors atomically: names in ordinal order, data contiguous in that order, the JSON header padded with
    /// spaces so the data starts at a multiple of 8 bytes.
    /// </summary>
    /// <param name="path">Destination; replaced only when the write completed.</param>
    /// <param name="tensors">Name → array (a <see cref="TensorDictionary"/> read from another file works too).</param>
    /// <param name="metadata">String metadata stored under <c>__metadata__</c>; null for none.</param>
    /// <exception cref="TesseraArgumentException">A name is empty or <c>__metadata__</c>, or an array is null.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, NdArray> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.ToList();
        foreach (var name in names) { CheckName(name, nameof(tensors)); }
        names.Sort(StringComparer.Ordinal);
        var headerInfos = new List<(string Name, string DType, IReadOnlyList<int> Shape, long Begin, long End)>(names.Count);
        long offset = 0;
        foreach (var name in names)
        {
            var info = tensors is TensorDictionary td ? td.GetInfo(name) : null;
            var dtype = info?.DType ?? DescribeArray(tensors[name], name).DType;
            var shape = info?.Shape ?? tensors[name].Shape;
            var bytes = info?.ByteLength ?? tensors[name].Bytes.Length;
            if (info is not null && SafetensorsDTypes.ToDType(dtype) is null)
            {
                // BF16 widened to float32 (or unsupported float8): write what materialising yields.
                var a = tensors[name];
                dtype = SafetensorsDTypes.FromDType(a.DType);
                bytes = a.Bytes.Length;
            }
            headerInfos.Add((name, dtype, shape, offset, offset + bytes));
            offset += bytes;
        }
        WriteAtomically(path, headerInfos, metadata, stream =>
        {
            foreach (var name in names) { stream.Write(tensors[name].Bytes); }
        });
    }

    /// <summary>Checks that a tensor name can be stored: non-empty and not the metadata key.</summary>
    /// <exception cref="TesseraArgumentException">The name is empty or <c>__metadata__</c>.</exception>
    internal static void CheckName(string name, string paramName) =>
        Guard.That(!string.IsNullOrEmpty(name) && name != MetadataKey, paramName,
            $"tensor names must be non-empty and not '{MetadataKey}' (got '{name}')");

    /// <summary>
    /// Writes the length prefix, the padded JSON header of <paramref name="infos"/> and then whatever
    /// <paramref name="writeData"/> writes (the data block, in the order of the entries' offsets), atomically.
    /// </summary>
    internal static void WriteAtomically(string path, List<(string Name, string DType, IReadOnlyList<int> Shape, long Begin, long End)> infos,
        IReadOnlyDictionary<string, string>? metadata, Action<Stream> writeData)
    {
        var headerBytes = BuildHeader(infos, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)headerBytes.Length);
            stream.Write(prefix);
            stream.Write(headerBytes);
            writeData(stream);
        });
    }

    private static (string DType, NdArray Array) DescribeArray(NdArray? array, string name)
    {
        Guard.That(array is not null, "tensors", $"tensor '{name}' must not be null");
        return (SafetensorsDTypes.FromDType(array.DType), array);
    }

    private static byte[] BuildHeader(List<(string Name, string DType, IReadOnlyList<int> Shape, long Begin, long End)> infos,
        IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    ArgumentNullException.ThrowIfNull(v);
                    w.WriteString(k, v);
                }
                w.WriteEndObject();
            }
            foreach (var (name, dtype, shape, begin, end) in infos)
            {
                w.WriteStartObject(name);
                w.WriteString("dtype", dtype);
                w.WriteStartArray("shape");
                foreach (var d in shape) { w.WriteNumberValue(d); }
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(begin);
                w.WriteNumberValue(end);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        var length = buffer.Length;
        var padded = (length + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        for (var i = length; i < padded; i++) { buffer.WriteByte((byte)' '); }
        return buffer.ToArray();
    }

    private static (List<SafetensorsTensorInfo>, Dictionary<string, string>) ParseHeader(string path, byte[] header, long dataLength)
    {
        var infos = new List<SafetensorsTensorInfo>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new TesseraFormatException(path, At(reader.TokenStartIndex), "header must be a JSON object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var position = At(reader.TokenStartIndex);
                if (!seen.Add(name)) { throw new TesseraFormatException(path, position, $"header names '{name}' twice"); }
                reader.Read();
                using var doc = JsonDocument.ParseValue(ref reader);
                if (name == MetadataKey)
                {
                    ReadMetadata(path, position, doc.RootElement, metadata);
                }
                else
                {
                    infos.Add(ReadEntry(path, position, name, doc.RootElement, dataLength));
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject)
            {
                throw new TesseraFormatException(path, At(reader.TokenStartIndex), "header object is not closed");
            }
            if (reader.Read())
            {
                throw new TesseraFormatException(path, At(reader.TokenStartIndex), "unexpected content after the header object");
            }
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is 0 or null ? At(ex.BytePositionInLine ?? 0) : $"header line {ex.LineNumber + 1}, byte {ex.BytePositionInLine} of that line";
            throw new TesseraFormatException(path, where, $"header is not valid JSON ({ex.Message})");
        }
        catch (ArgumentException ex) when (ex is not TesseraArgumentException)
        {
            throw new TesseraFormatException(path, null, $"header is not valid UTF-8 JSON ({ex.Message})");
        }
        catch (InvalidOperationException ex)
        {
            throw new TesseraFormatException(path, null, $"header is not valid UTF-8 JSON ({ex.Message})");
        }
        return (infos, metadata);
    }

    private static string At(long headerIndex) => string.Create(CultureInfo.InvariantCulture, $"byte {8 + headerIndex}");

    private static void ReadMetadata(string path, string position, JsonElement e, Dictionary<string, string> metadata)
    {
        if (e.ValueKind != JsonValueKind.Object) { throw new TesseraFormatException(path, position, $"{MetadataKey} must be an object of strings"); }
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
            {
                throw new TesseraFormatException(path, position, $"{MetadataKey} value '{p.Name}' must be a string");
            }
            metadata[p.Name] = p.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadEntry(string path, string position, string name, JsonElement e, long dataLength)
    {
        string Problem(string what) => $"tensor '{name}': {what}";
        if (e.ValueKind != JsonValueKind.Object) { throw new TesseraFormatException(path, position, Problem("entry must be an object")); }
        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
        {
            throw new TesseraFormatException(path, position, Problem("missing string 'dtype'"));
        }
        var dtype = dt.GetString()!;
        var size = SafetensorsDTypes.SizeOf(dtype);
        if (size == 0) { throw new TesseraFormatException(path, position, Problem($"unknown dtype '{dtype}'")); }
        if (!e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
        {
            throw new TesseraFormatException(path, position, Problem("missing array 'shape'"));
        }
        var shape = new List<int>();
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var v) || v < 0)
            {
                throw new TesseraFormatException(path, position, Problem($"shape entries must be integers in [0, {int.MaxValue}] (got {d.GetRawText()})"));
            }
            shape.Add(v);
        }
        if (!e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2
            || !off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw new TesseraFormatException(path, position, Problem("'data_offsets' must be [begin, end] with 0 ≤ begin ≤ end"));
        }
        if (end > dataLength)
        {
            throw new TesseraFormatException(path, position, Problem($"data_offsets [{begin}, {end}] run past the {dataLength}-byte data block"));
        }
        long count;
        try
        {
            count = shape.Aggregate(1L, (n, d) => checked(n * d));
            count = checked(count * size);
        }
        catch (OverflowException)
        {
            throw new TesseraFormatException(path, position, Problem("shape is too large"));
        }
        if (count != end - begin)
        {
            throw new TesseraFormatException(path, position,
                Problem($"data_offsets [{begin}, {end}] hold {end - begin} bytes but {dtype} [{string.Join(", ", shape)}] needs {count}"));
        }
        return new SafetensorsTensorInfo(name, dtype, shape, begin, end);
    }

    private static void CheckLayout(string path, List<SafetensorsTensorInfo> infos, long dataLength, long dataStart)
    {
        long expected = 0;
        SafetensorsTensorInfo? previous = null;
        foreach (var info in infos.OrderBy(i => i.Begin).ThenBy(i => i.End))
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"byte {dataStart + info.Begin}");
            if (info.Begin < expected)
            {
                throw new TesseraFormatException(path, where, $"tensor '{info.Name}' [{info.Begin}, {info.End}] overlaps tensor '{previous!.Name}' [{previous.Begin}, {previous.End}]");
            }
            if (info.Begin > expected)
            {
                throw new TesseraFormatException(path, where, $"gap of {info.Begin - expected} bytes before tensor '{info.Name}' (tensors must be contiguous)");
            }
            expected = info.End;
            previous = info;
        }
        if (expected != dataLength)
        {
            throw new TesseraFormatException(path, string.Create(CultureInfo.InvariantCulture, $"byte {dataStart + expected}"),
                $"data block has {dataLength} bytes but the tensors cover {expected}");
        }
    }
}
