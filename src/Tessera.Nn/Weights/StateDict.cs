using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Weights;

/// <summary>
/// An ordered map from checkpoint key (e.g. <c>visual.conv1.weight</c>) to tensor, like PyTorch's
/// <c>state_dict()</c>. The dictionary owns its tensors: <see cref="Dispose"/> releases them.
/// </summary>
/// <remarks>
/// Keys keep their insertion order (the order of the file or module they came from). Tensors added with
/// <see cref="Add"/> become owned by the dictionary; tensors handed out by the indexer stay owned by it.
/// </remarks>
public sealed class StateDict : IDisposable
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates an empty state dict.</summary>
    public StateDict()
    {
        TorchRuntime.EnsureLoaded();
    }

    /// <summary>Number of tensors.</summary>
    public int Count => _tensors.Count;

    /// <summary>Keys in insertion order.</summary>
    public IReadOnlyList<string> Keys => _order;

    /// <summary>The tensor stored under <paramref name="key"/> (still owned by this dictionary).</summary>
    /// <param name="key">Checkpoint key.</param>
    /// <exception cref="TesseraArgumentException">The key is absent.</exception>
    public Tensor this[string key]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentNullException.ThrowIfNull(key);
            Guard.That(_tensors.TryGetValue(key, out var t), nameof(key), $"no tensor named '{key}' in the state dict");
            return t;
        }
    }

    /// <summary>Whether a key is present.</summary>
    /// <param name="key">Checkpoint key.</param>
    /// <returns>True when present.</returns>
    public bool ContainsKey(string key) => _tensors.ContainsKey(key);

    /// <summary>Looks a key up.</summary>
    /// <param name="key">Checkpoint key.</param>
    /// <param name="tensor">The tensor (owned by this dictionary) when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor tensor)
        => _tensors.TryGetValue(key, out tensor);

    /// <summary>Adds a tensor; the dictionary takes ownership of it (and detaches it from any dispose scope).</summary>
    /// <param name="key">Checkpoint key, unique.</param>
    /// <param name="tensor">The tensor.</param>
    /// <exception cref="TesseraArgumentException">The key is empty or already present.</exception>
    public void Add(string key, Tensor tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tensor);
        Guard.That(key.Length > 0, nameof(key), "must not be empty");
        Guard.That(!_tensors.ContainsKey(key), nameof(key), $"'{key}' is already in the state dict");
        tensor.DetachFromDisposeScope();
        _tensors.Add(key, tensor);
        _order.Add(key);
    }

    /// <summary>Removes a key and disposes its tensor.</summary>
    /// <param name="key">Checkpoint key.</param>
    /// <returns>True when the key was present.</returns>
    public bool Remove(string key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_tensors.Remove(key, out var t)) { return false; }
        _order.Remove(key);
        t.Dispose();
        return true;
    }

    /// <summary>Total number of elements over all tensors.</summary>
    /// <returns>Σ numel.</returns>
    public long ElementCount() => _tensors.Values.Sum(t => t.numel());

    /// <summary>
    /// A new state dict with the same keys whose tensors share storage with this one (no copy). Either dictionary
    /// can be disposed independently.
    /// </summary>
    /// <returns>The alias dictionary.</returns>
    public StateDict Alias()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new StateDict();
        foreach (var k in _order) { result.Add(k, _tensors[k].alias()); }
        return result;
    }

    /// <summary>Copies a module's parameters and buffers (detached, contiguous CPU copies) under their names.</summary>
    /// <param name="module">The module.</param>
    /// <returns>A new state dict owning the copies.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    public static StateDict FromModule(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        TorchRuntime.EnsureLoaded();
        var result = new StateDict();
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            result.Add(name, p.detach().cpu().contiguous().clone());
        }
        foreach (var (name, b) in module.named_buffers())
        {
            result.Add(name, b.detach().cpu().contiguous().clone());
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) { return; }
        _disposed = true;
        foreach (var t in _tensors.Values) { t.Dispose(); }
        _tensors.Clear();
        _order.Clear();
    }
}
