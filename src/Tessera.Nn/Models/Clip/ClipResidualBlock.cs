using Tessera.Nn.Layers;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Models.Clip;

/// <summary>CLIP's <c>ResidualAttentionBlock</c>: <c>x + attn(ln_1(x))</c>, then <c>x + mlp(ln_2(x))</c>.</summary>
public sealed class ClipResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly MultiheadSelfAttention attn;
    private readonly LayerNorm ln_1;
    private readonly ClipMlp mlp;
    private readonly LayerNorm ln_2;

    /// <summary>Creates the block.</summary>
    /// <param name="width">Token width.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="causal">Causal attention (the text tower).</param>
    public ClipResidualBlock(int width, int heads, bool causal) : base(ModuleBase.Name(nameof(ClipResidualBlock)))
    {
        attn = new MultiheadSelfAttention(width, heads, causal);
        ln_1 = nn.LayerNorm(width, 1e-5);
        mlp = new ClipMlp(width);
        ln_2 = nn.LayerNorm(width, 1e-5);
        RegisterComponents();
    }

    /// <summary>Runs the block on batch-first tokens <c>[B, N, C]</c>.</summary>
    /// <param name="input">Tokens.</param>
    /// <returns>New tokens.</returns>
    public override Tensor forward(Tensor input)
    {
        using var n1 = ln_1.forward(input);
        using var a = attn.forward(n1);
        using var x = input + a;
        using var n2 = ln_2.forward(x);
        using var m = mlp.forward(n2);
        return x + m;
    }
}
