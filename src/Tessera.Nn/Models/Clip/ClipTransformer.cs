using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Models.Clip;

/// <summary>CLIP's <c>Transformer</c>: a stack of <see cref="ClipResidualBlock"/>s under <c>resblocks.N</c>.</summary>
public sealed class ClipTransformer : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ClipResidualBlock> resblocks;

    /// <summary>Creates the stack.</summary>
    /// <param name="width">Token width.</param>
    /// <param name="layers">Depth.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="causal">Causal attention (text tower).</param>
    public ClipTransformer(int width, int layers, int heads, bool causal) : base(ModuleBase.Name(nameof(ClipTransformer)))
    {
        resblocks = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new ClipResidualBlock(width, heads, causal)).ToArray());
        RegisterComponents();
    }

    /// <summary>Depth.</summary>
    public int Layers => resblocks.Count;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return BackboneStages.RunBlocks(input, resblocks.Count, ForwardBlock);
    }

    /// <summary>Runs block <c>resblocks.<paramref name="index"/></c> on batch-first tokens <c>[B, N, C]</c>.</summary>
    /// <param name="index">0-based block index in [0, <see cref="Layers"/>).</param>
    /// <param name="tokens">Tokens.</param>
    /// <returns>New tokens of the same shape.</returns>
    /// <exception cref="TesseraArgumentException">The index is out of range.</exception>
    public Tensor ForwardBlock(int index, Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Guard.That(index >= 0 && index < resblocks.Count, nameof(index), $"must lie in [0, {resblocks.Count}) (got {index})");
        return resblocks[index].forward(tokens);
    }
}
