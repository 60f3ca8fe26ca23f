using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Models;

/// <summary>
/// The block loop shared by the towers: the plain forward (<see cref="RunBlocks"/>) and the activations forward
/// (<see cref="Collect"/>) call the same stage delegates, so there is one code path per tower.
/// </summary>
internal static class BackboneStages
{
    /// <summary>Throws unless every index lies in [0, depth).</summary>
    public static void CheckBlocks(IReadOnlyCollection<int>? blocks, int depth, string paramName = "blocks")
    {
        if (blocks is null) { return; }
        foreach (var i in blocks)
        {
            Guard.That(i >= 0 && i < depth, paramName, $"block indices must lie in [0, {depth}) (got {i})");
        }
    }

    /// <summary>Throws unless <paramref name="index"/> lies in [0, depth) and <paramref name="tokens"/> is <c>[B, T, width]</c>.</summary>
    public static void CheckBlockCall(int index, Tensor tokens, int depth, int width)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Guard.That(index >= 0 && index < depth, nameof(index), $"must lie in [0, {depth}) (got {index})");
        CheckTokens(tokens, width);
    }

    /// <summary>Throws unless <paramref name="tokens"/> is <c>[B, T, width]</c> with T ≥ 1.</summary>
    public static void CheckTokens(Tensor tokens, int width, string paramName = "tokens")
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Guard.That(tokens.dim() == 3 && tokens.shape[1] > 0 && tokens.shape[2] == width, paramName,
            $"must be [B, T, {width}] with T ≥ 1, got [{string.Join(", ", tokens.shape)}]");
    }

    /// <summary>
    /// Runs every block on <paramref name="embedded"/> and returns the last output; intermediate outputs are disposed
    /// as soon as the next block has run, the input never.
    /// </summary>
    public static Tensor RunBlocks(Tensor embedded, int depth, Func<int, Tensor, Tensor> block)
    {
        var x = embedded;
        for (var i = 0; i < depth; i++)
        {
            var next = block(i, x);
            if (!ReferenceEquals(x, embedded)) { x.Dispose(); }
            x = next;
        }
        return ReferenceEquals(x, embedded) ? embedded.alias() : x;
    }

    /// <summary>
    /// Embeds, runs every block keeping the requested outputs, applies the final norm and the pooling; the kept
    /// tensors leave the method's dispose scope inside the returned activations.
    /// </summary>
    public static BackboneActivations Collect(
        Func<Tensor> embed, int depth, IReadOnlyCollection<int>? blocks, Func<int, Tensor, Tensor> block,
        Func<Tensor, Tensor> norm, Func<Tensor, Tensor, Tensor> pool)
    {
        CheckBlocks(blocks, depth);
        using var scope = torch.NewDisposeScope();
        var embedded = embed();
        var kept = new Dictionary<int, Tensor>();
        var x = embedded;
        for (var i = 0; i < depth; i++)
        {
            x = block(i, x);
            if (blocks is not null && blocks.Contains(i)) { kept[i] = x; }
        }
        var tokens = norm(x);
        var pooled = pool(x, tokens);
        return new BackboneActivations(
            embedded.MoveToOuterDisposeScope(),
            kept.ToDictionary(kv => kv.Key, kv => kv.Value.MoveToOuterDisposeScope()),
            tokens.MoveToOuterDisposeScope(),
            pooled.MoveToOuterDisposeScope());
    }
}
