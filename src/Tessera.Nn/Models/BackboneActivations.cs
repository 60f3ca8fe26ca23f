using Tessera.Core.Errors;
using static TorchSharp.torch;

namespace Tessera.Nn.Models;

/// <summary>
/// The activations of one forward of a transformer tower (<see cref="IVisionBackbone.Forward"/>, CLIP's
/// <c>ForwardText</c>). The caller owns them: dispose this object to release every tensor.
/// </summary>
public sealed class BackboneActivations : IDisposable
{
    private readonly SortedList<int, Tensor> _blocks;

    /// <summary>Takes ownership of the tensors of one forward.</summary>
    /// <param name="embedded">Input of block 0 <c>[B, T, D]</c>.</param>
    /// <param name="blocks">Block index → output of that block <c>[B, T, D]</c> (copied into an ordered map).</param>
    /// <param name="tokens">Final norm of the last block's output, every token <c>[B, T, D]</c>.</param>
    /// <param name="pooled">Pooled features <c>[B, OutputDim]</c>.</param>
    public BackboneActivations(Tensor embedded, IReadOnlyDictionary<int, Tensor> blocks, Tensor tokens, Tensor pooled)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(pooled);
        Embedded = embedded;
        _blocks = new SortedList<int, Tensor>(blocks.Count);
        foreach (var (index, tensor) in blocks) { _blocks.Add(index, tensor); }
        Tokens = tokens;
        Pooled = pooled;
    }

    /// <summary>Input of block 0 <c>[B, T, D]</c> (after the embedding; CLIP image tower: after <c>ln_pre</c>).</summary>
    public Tensor Embedded { get; }

    /// <summary>Block index → output of that block (before the final norm), for the requested indices, in index order.</summary>
    public IReadOnlyDictionary<int, Tensor> Blocks => _blocks;

    /// <summary>The final norm of the last block's output, every token <c>[B, T, D]</c>.</summary>
    public Tensor Tokens { get; }

    /// <summary>Pooled features <c>[B, OutputDim]</c> (ViT: normalised class token; CLIP image: <c>encode_image</c>;
    /// CLIP text: <c>encode_text</c>).</summary>
    public Tensor Pooled { get; }

    /// <summary>The output of a requested block.</summary>
    /// <param name="index">Block index that was requested.</param>
    /// <returns>The block's output (owned by this object).</returns>
    /// <exception cref="TesseraArgumentException">The block was not requested.</exception>
    public Tensor Block(int index)
    {
        Guard.That(_blocks.TryGetValue(index, out var tensor), nameof(index),
            $"block {index} was not requested (kept: [{string.Join(", ", _blocks.Keys)}])");
        return tensor;
    }

    /// <summary>Disposes every tensor (each once).</summary>
    public void Dispose()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var t in _blocks.Values.Prepend(Embedded).Append(Tokens).Append(Pooled))
        {
            if (seen.Add(t)) { t.Dispose(); }
        }
    }
}
