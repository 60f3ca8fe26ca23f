using System.Collections;
using System.IO.Compression;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Weights;

/// <summary>
/// Reads a <c>torch.save</c> zip archive (PyTorch ≥ 1.6) whose pickle is a dict of tensors (a state dict, or a
/// dict holding one under <c>state_dict</c> / <c>model</c>). Tensor storages are read from the archive straight into
/// native tensor memory, once per storage; tensors that view a storage share it.
/// </summary>
/// <remarks>
/// Pickle parsing uses Razorvine.Pickle (the library TorchSharp.PyBridge is built on). The pickle protocol
/// resolves globals through Razorvine's process-wide constructor table; the three entries PyTorch state dicts need
/// (<c>torch._utils._rebuild_tensor_v2</c>, <c>_rebuild_tensor</c>, <c>collections.OrderedDict</c>) are registered
/// once, idempotently. Whole pickled modules (<c>_rebuild_parameter</c> outside a state dict is fine) and the
/// pre-1.6 non-zip format are refused with a <see cref="TesseraFormatException"/>.
/// </remarks>
internal static class TorchPickleReader
{
    private static readonly object Gate = new();
    private static bool s_registered;

    public static StateDict Read(string path)
    {
        Register();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var archive = OpenZip(path, file);
        var pkl = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            ?? throw new TesseraFormatException(path, null, "zip archive has no <name>/data.pkl entry (not a torch.save file)");
        var prefix = pkl.FullName[..(pkl.FullName.Length - "data.pkl".Length)];
        var storages = new StorageCache(archive, prefix, path);
        object root;
        try
        {
            using var unpickler = new TorchUnpickler(storages);
            using var pklStream = pkl.Open();
            root = unpickler.load(pklStream);
        }
        catch (TesseraException)
        {
            storages.Dispose();
            throw;
        }
        catch (Exception e) when (e is PickleException or InvalidCastException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException
            or IOException or InvalidDataException or ArgumentException or OverflowException or FormatException or KeyNotFoundException)
        {
            // a truncated pickle ends in "premature end of input stream": the error names the file and the entry
            storages.Dispose();
            throw new TesseraFormatException(path, pkl.FullName, $"cannot unpickle (truncated or corrupt): {e.Message}");
        }
        try
        {
            var dict = FindTensorDict(root) ?? throw new TesseraFormatException(path, "data.pkl", "the pickle holds no dict of tensors (expected a state dict)");
            var result = new StateDict();
            // Razorvine fills dicts in reverse batch order, so the file order is recovered from the order in which the
            // tensors were rebuilt (pickle stream order = the state dict's order).
            var position = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < storages.Built.Count; i++) { position.TryAdd(storages.Built[i], i); }
            var entries = dict.Keys.Cast<object>()
                .Select(k => (Key: k as string, Tensor: dict[k] as Tensor))
                .Where(e => e.Key is not null && e.Tensor is not null)
                .OrderBy(e => position.TryGetValue(e.Tensor!, out var p) ? p : int.MaxValue)
                .ToList();
            foreach (var (key, tensor) in entries)
            {
                result.Add(key!, tensor!);
            }
            return result;
        }
        finally
        {
            storages.Dispose();
        }
    }

    private static ZipArchive OpenZip(string path, Stream file)
    {
        Span<byte> magic = stackalloc byte[4];
        if (file.Read(magic) != 4 || magic[0] != 0x50 || magic[1] != 0x4b || magic[2] != 0x03 || magic[3] != 0x04)
        {
            throw new TesseraFormatException(path, "byte 0", "not a zip archive: files written by torch.save before PyTorch 1.6 (legacy format) are not supported; re-save with a newer PyTorch");
        }
        file.Position = 0;
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new TesseraFormatException(path, null, $"damaged zip archive: {e.Message}");
        }
    }

    private static IDictionary? FindTensorDict(object root)
    {
        if (root is not IDictionary d) { return null; }
        if (d.Values.OfType<Tensor>().Any()) { return d; }
        foreach (var key in new[] { "state_dict", "model", "module", "model_state_dict" })
        {
            if (d.Contains(key) && d[key] is IDictionary inner && inner.Values.OfType<Tensor>().Any()) { return inner; }
        }
        return null;
    }

    private static void Register()
    {
        lock (Gate)
        {
            if (s_registered) { return; }
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new RebuildTensor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new RebuildTensor());
            Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new RebuildParameter());
            Unpickler.registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
            s_registered = true;
        }
    }

    /// <summary>The unpickler for one archive: persistent ids name storages in the archive.</summary>
    private sealed class TorchUnpickler(StorageCache storages) : Unpickler
    {
        protected override object persistentLoad(object pid)
        {
            var id = (object[])pid;
            if (id.Length < 5 || id[0] is not string kind || kind != "storage")
            {
                throw new TesseraFormatException(storages.Path, "data.pkl", "unknown persistent id (expected a storage)");
            }
            var typeName = id[1] is ClassDictConstructor c ? c.name : id[1]?.ToString() ?? "";
            return new StorageRef(storages, (string)id[2], DTypeOfStorage(storages.Path, typeName), Convert.ToInt64(id[4], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static ScalarType DTypeOfStorage(string path, string storage) => storage switch
    {
        "DoubleStorage" => ScalarType.Float64,
        "FloatStorage" => ScalarType.Float32,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        _ => throw new TesseraFormatException(path, "data.pkl", $"unsupported storage type '{storage}'"),
    };

    /// <summary>A storage the pickle refers to; materialised on first use.</summary>
    private sealed record StorageRef(StorageCache Cache, string Key, ScalarType DType, long Count)
    {
        public Tensor Materialize() => Cache.Get(Key, DType, Count);
    }

    /// <summary>Flat storage tensors by archive key; each read once straight from the zip entry.</summary>
    private sealed class StorageCache(ZipArchive archive, string prefix, string path) : IDisposable
    {
        private readonly Dictionary<string, Tensor> _flat = new(StringComparer.Ordinal);

        /// <summary>Tensors in the order the pickle rebuilt them.</summary>
        public List<Tensor> Built { get; } = [];

        public string Path => path;

        public Tensor Get(string key, ScalarType dtype, long count)
        {
            if (_flat.TryGetValue(key, out var t)) { return t; }
            var entry = archive.GetEntry($"{prefix}data/{key}")
                ?? throw new TesseraFormatException(path, $"data/{key}", "storage entry is missing from the archive");
            var flat = torch.empty([count], dtype);
            flat.DetachFromDisposeScope();
            var bytes = count * flat.ElementSize;
            if (entry.Length < bytes)
            {
                flat.Dispose();
                throw new TesseraFormatException(path, $"data/{key}", $"storage holds {entry.Length} bytes, {bytes} expected");
            }
            if (bytes > 0)
            {
                using var s = entry.Open();
                s.ReadExactly(flat.bytes);
            }
            _flat[key] = flat;
            return flat;
        }

        public void Dispose()
        {
            foreach (var t in _flat.Values) { t.Dispose(); }
            _flat.Clear();
        }
    }

    /// <summary><c>_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)</c>: a view of the storage.</summary>
    private sealed class RebuildTensor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            var reference = (StorageRef)args[0];
            var storage = reference.Materialize();
            var offset = Convert.ToInt64(args[1], System.Globalization.CultureInfo.InvariantCulture);
            var shape = ((object[])args[2]).Select(o => Convert.ToInt64(o, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var stride = ((object[])args[3]).Select(o => Convert.ToInt64(o, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var view = storage.as_strided(shape, stride, offset);
            view.DetachFromDisposeScope();
            reference.Cache.Built.Add(view);
            return view;
        }
    }

    /// <summary><c>_rebuild_parameter(data, requires_grad, hooks)</c>: keep the data tensor.</summary>
    private sealed class RebuildParameter : IObjectConstructor
    {
        public object construct(object[] args) => args[0];
    }

    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new PickledOrderedDict();
    }

    /// <summary>A pickled <c>OrderedDict</c> (Razorvine's SETITEMS needs a <see cref="Hashtable"/>); <c>__setstate__</c>
    /// receives (and ignores) PyTorch's <c>_metadata</c>.</summary>
    [Serializable]
    private sealed class PickledOrderedDict : Hashtable
    {
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Python's pickle protocol calls this name.")]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Found by reflection on the instance.")]
        public void __setstate__(Hashtable state)
        {
            _ = state;
        }
    }
}
