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
    public override Tensor forward(Tensor input) => ForwardCollecting(input, null);

    /// <summary>Runs every block; optionally keeps each block's output.</summary>
    /// <param name="input">Tokens <c>[B, N, C]</c>.</param>
    /// <param name="blockOutputs">When not null, receives each block's output (the caller owns them).</param>
    /// <returns>The last block's output.</returns>
    public Tensor ForwardCollecting(Tensor input, List<Tensor>? blockOutputs)
    {
        var x = input;
        foreach (var block in resblocks)
        {
            var next = block.forward(x);
            if (blockOutputs is not null) { blockOutputs.Add(next); }
            else if (!ReferenceEquals(x, input)) { x.Dispose(); }
            x = next;
        }
        return ReferenceEquals(x, input) ? input.alias() : x;
    }
}
