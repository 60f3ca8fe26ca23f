using Tessera.Nn.Runtime;
using TorchSharp;

namespace Tessera.Nn.Weights;

/// <summary>Writes checkpoints as safetensors, atomically (temporary file + rename): a crash never leaves a half-written file.</summary>
public static class CheckpointWriter
{
    /// <summary>Writes a state dict (tensors in sorted-name order, as the safetensors library does).</summary>
    /// <param name="path">Destination; its folder is created if missing.</param>
    /// <param name="weights">The tensors (not modified).</param>
    /// <param name="metadata">Optional string metadata stored under <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">A tensor's dtype has no safetensors name (complex, quantized).</exception>
    public static void Save(string path, StateDict weights, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(weights);
        TorchRuntime.EnsureLoaded();
        StateDictFileIo.Write(path, weights.Keys.Select(k => new KeyValuePair<string, torch.Tensor>(k, weights[k])), metadata, nameof(weights));
    }

    /// <summary>Writes a module's parameters and buffers under their state-dict names.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="module">The module.</param>
    /// <param name="metadata">Optional string metadata.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Save(string path, torch.nn.Module module, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var weights = StateDict.FromModule(module);
        Save(path, weights, metadata);
    }
}
