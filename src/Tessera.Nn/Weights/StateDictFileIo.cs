using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Weights;

/// <summary>
/// The tensor-level safetensors reader and writer, used by <see cref="CheckpointReader"/>/<see cref="CheckpointWriter"/>
/// and by the trainer's checkpoints: each tensor's bytes are read into (or written from) its own native buffer, so
/// loading needs no second copy of the checkpoint in memory.
/// </summary>
/// <remarks>The header is read, validated and written by <see cref="SafetensorsFile"/> (one implementation of the
/// format for arrays and tensors): typed errors name the byte position or entry, writes are atomic.</remarks>
internal static class StateDictFileIo
{
    /// <summary>
    /// Reads every tensor (CPU, in header order) and the metadata: the header is validated by
    /// <see cref="SafetensorsFile.ReadLayout(Stream, string, long)"/>, then each tensor's bytes are read from the file straight into a new tensor.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraFormatException">The file is not a valid safetensors file, or holds a dtype TorchSharp cannot.</exception>
    public static (StateDict Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { throw new FileNotFoundException($"safetensors file '{path}' does not exist", path); }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads every tensor and the metadata from safetensors content in a seekable stream (read from its start).</summary>
    /// <param name="stream">The content; not disposed.</param>
    /// <param name="source">Names the content in errors (a file path or a resource name).</param>
    /// <exception cref="TesseraFormatException">The content is not valid safetensors, or holds a dtype TorchSharp cannot.</exception>
    public static (StateDict Tensors, IReadOnlyDictionary<string, string> Metadata) Read(Stream stream, string source)
    {
        var layout = SafetensorsFile.ReadLayout(stream, source, new SafetensorsReadOptions().MaxHeaderBytes);
        var result = new StateDict();
        try
        {
            foreach (var info in layout.Tensors)
            {
                var type = SafetensorsDTypes.ToScalarType(info.DType)
                           ?? throw new TesseraFormatException(source, info.Name, $"dtype '{info.DType}' has no TorchSharp tensor type");
                var tensor = torch.empty(info.Shape.Select(d => (long)d).ToArray(), type);
                result.Add(info.Name, tensor);
                if (info.ByteLength > 0)
                {
                    stream.Position = layout.DataStart + info.Begin;
                    stream.ReadExactly(tensor.bytes);
                }
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return (result, layout.Metadata);
    }

    /// <summary>
    /// Writes tensors atomically in sorted-name order (as the safetensors library does), header padded with spaces
    /// to a multiple of 8; every name and dtype is checked before the file is touched.
    /// </summary>
    /// <param name="path">Destination; replaced only when the write completed.</param>
    /// <param name="tensors">Name → tensor (any device, any layout; not modified).</param>
    /// <param name="metadata">String metadata stored under <c>__metadata__</c>; null or empty for none.</param>
    /// <param name="paramName">The caller's argument name, for errors.</param>
    /// <exception cref="TesseraArgumentException">A name is empty, <c>__metadata__</c> or repeated, or a dtype has no safetensors name.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata,
        string paramName)
    {
        var byName = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            SafetensorsFile.CheckName(name, paramName);
            Guard.That(byName.TryAdd(name, tensor), paramName, $"tensor name '{name}' appears twice");
        }
        var infos = new List<(string Name, string DType, IReadOnlyList<int> Shape, long Begin, long End)>(byName.Count);
        long offset = 0;
        foreach (var (name, t) in byName)
        {
            var dtype = SafetensorsDTypes.FromScalarType(t.dtype)
                        ?? throw new TesseraArgumentException(paramName, $"dtype {t.dtype} of '{name}' cannot be stored in safetensors");
            var shape = t.shape.Select(d => d <= int.MaxValue ? (int)d
                : throw new TesseraArgumentException(paramName, $"tensor '{name}' has a dimension above {int.MaxValue}")).ToArray();
            var bytes = t.numel() * t.ElementSize;
            infos.Add((name, dtype, shape, offset, offset + bytes));
            offset += bytes;
        }
        SafetensorsFile.WriteAtomically(path, infos, metadata, stream =>
        {
            foreach (var t in byName.Values)
            {
                if (t.numel() == 0) { continue; }
                using var c = t.detach().cpu().contiguous();
                stream.Write(c.bytes);
            }
        });
    }
}
