using System.Collections;
using System.Runtime.InteropServices;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;

namespace Tessera.Nn.Weights;

/// <summary>
/// An ordered, read-only name → <see cref="NdArray"/> dictionary: a state dict. Read from a safetensors file
/// (<see cref="SafetensorsFile.Read(string, SafetensorsReadOptions?)"/>) it keeps the file memory-mapped and
/// materialises a tensor only when it is looked up, so a large checkpoint never needs twice its size in RAM; every
/// lookup returns a new array that owns its bytes (keep it rather than looking it up repeatedly). Built in memory, it
/// holds the arrays it was given. Lookups may run on several threads; dispose only when no lookup is running.
/// </summary>
public sealed class TensorDictionary : IReadOnlyDictionary<string, NdArray>, IDisposable
{
    private readonly List<string> _names;
    private readonly Dictionary<string, NdArray>? _arrays;
    private readonly Dictionary<string, SafetensorsTensorInfo>? _infos;
    private readonly MappedSafetensors? _mapped;
    private readonly bool _convertBFloat16;

    /// <summary>Creates an in-memory dictionary (the arrays are held, not copied).</summary>
    /// <param name="entries">Name → array, in the order to keep.</param>
    /// <param name="metadata">Free-form string metadata (safetensors <c>__metadata__</c>); null for none.</param>
    /// <exception cref="TesseraArgumentException">A name is empty, <c>__metadata__</c> or repeated, or an array is null.</exception>
    public TensorDictionary(IEnumerable<KeyValuePair<string, NdArray>> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _names = [];
        _arrays = new Dictionary<string, NdArray>(StringComparer.Ordinal);
        foreach (var (name, array) in entries)
        {
            SafetensorsFile.CheckName(name, nameof(entries));
            Guard.That(array is not null, nameof(entries), $"tensor '{name}' must not be null");
            Guard.That(_arrays.TryAdd(name, array), nameof(entries), $"tensor name '{name}' appears twice");
            _names.Add(name);
        }
        Metadata = metadata is null ? new Dictionary<string, string>() : new Dictionary<string, string>(metadata);
    }

    internal TensorDictionary(string source, IReadOnlyList<SafetensorsTensorInfo> infos, IReadOnlyDictionary<string, string> metadata, MappedSafetensors mapped, bool convertBFloat16)
    {
        Source = source;
        _names = [.. infos.Select(i => i.Name)];
        _infos = infos.ToDictionary(i => i.Name, StringComparer.Ordinal);
        Metadata = metadata;
        _mapped = mapped;
        _convertBFloat16 = convertBFloat16;
    }

    /// <summary>The file this dictionary reads from, or null when it was built in memory.</summary>
    public string? Source { get; }

    /// <summary>Free-form string metadata (safetensors <c>__metadata__</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensor names in order (file header order, or the order given).</summary>
    public IEnumerable<string> Keys => _names;

    /// <summary>Number of tensors.</summary>
    public int Count => _names.Count;

    /// <summary>Materialises every tensor in order (one new array each).</summary>
    public IEnumerable<NdArray> Values => _names.Select(n => this[n]);

    /// <summary>The tensor called <paramref name="key"/>; a new array for file-backed dictionaries.</summary>
    /// <param name="key">Tensor name.</param>
    /// <returns>The array.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="TesseraFormatException">The tensor's dtype cannot be held by an <see cref="NdArray"/>
    /// (<c>BF16</c> without <see cref="SafetensorsReadOptions.ConvertBFloat16ToFloat32"/>, float8).</exception>
    /// <exception cref="ObjectDisposedException">The dictionary was disposed.</exception>
    public NdArray this[string key] => TryGetValue(key, out var value) ? value
        : throw new KeyNotFoundException($"no tensor named '{key}' in {Source ?? "the state dict"}");

    /// <summary>The dtype string, shape and data range of a tensor, without reading its data.</summary>
    /// <param name="name">Tensor name.</param>
    /// <returns>The header entry (offsets are 0-based over the array's bytes for in-memory dictionaries).</returns>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public SafetensorsTensorInfo GetInfo(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_infos is not null)
        {
            return _infos.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"no tensor named '{name}' in {Source}");
        }
        var a = _arrays![name];
        return new SafetensorsTensorInfo(name, SafetensorsDTypes.FromDType(a.DType), [.. a.Shape], 0, a.Bytes.Length);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _arrays?.ContainsKey(key) ?? _infos!.ContainsKey(key);
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, out NdArray value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_arrays is not null) { return _arrays.TryGetValue(key, out value!); }
        if (!_infos!.TryGetValue(key, out var info))
        {
            value = null!;
            return false;
        }
        value = Materialise(info);
        return true;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, NdArray>> GetEnumerator()
    {
        foreach (var name in _names) { yield return new KeyValuePair<string, NdArray>(name, this[name]); }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Releases the memory mapping of a file-backed dictionary.</summary>
    public void Dispose() => _mapped?.Dispose();

    private NdArray Materialise(SafetensorsTensorInfo info)
    {
        var bytes = _mapped!.Span(info.Begin, info.ByteLength);
        var shape = info.Shape.ToArray();
        var dtype = SafetensorsDTypes.ToDType(info.DType);
        if (dtype is { } d) { return NdArray.FromBytes(d, shape, bytes); }
        if (info.DType == SafetensorsDTypes.BFloat16)
        {
            if (!_convertBFloat16)
            {
                throw new TesseraFormatException(Source!, $"tensor '{info.Name}'",
                    "dtype BF16 has no NdArray element type; read with ConvertBFloat16ToFloat32 = true to widen it to float32");
            }
            var halves = MemoryMarshal.Cast<byte, ushort>(bytes);
            var floats = new float[halves.Length];
            for (var i = 0; i < floats.Length; i++) { floats[i] = BitConverter.Int32BitsToSingle(halves[i] << 16); }
            return NdArray.FromArray<float>(floats, shape);
        }
        throw new TesseraFormatException(Source!, $"tensor '{info.Name}'", $"dtype {info.DType} is not supported by Tessera arrays");
    }
}
