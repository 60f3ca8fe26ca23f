using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>One layer of DenseCLIP's context decoder (<c>TransformerDecoderLayer</c>): pre-norm self-attention,
/// cross-attention to the visual memory and an MLP (<c>Linear(w, 4w)</c> → exact GELU → dropout → <c>Linear(4w, w)</c>),
/// each added to the residual. Keys: <c>self_attn</c>, <c>cross_attn</c>, <c>norm1..3</c>, <c>mlp.0</c>, <c>mlp.3</c>.</summary>
public sealed class ContextDecoderLayer : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly ContextAttention self_attn;
    private readonly ContextAttention cross_attn;
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
    private readonly LayerNorm norm3;
    private readonly Sequential mlp;
#pragma warning restore IDE1006
    private readonly double _dropout;

    /// <summary>Creates the layer.</summary>
    /// <param name="width">Token width.</param>
    /// <param name="heads">Heads.</param>
    /// <param name="dropout">Training-time dropout.</param>
    public ContextDecoderLayer(int width, int heads, double dropout) : base(DenseModuleBase.Name(nameof(ContextDecoderLayer)))
    {
        self_attn = new ContextAttention(width, heads, dropout);
        cross_attn = new ContextAttention(width, heads, dropout);
        norm1 = nn.LayerNorm(width, 1e-5);
        norm2 = nn.LayerNorm(width, 1e-5);
        norm3 = nn.LayerNorm(width, 1e-5);
        mlp = nn.Sequential(("0", nn.Linear(width, width * 4)), ("1", nn.GELU()), ("2", nn.Dropout(dropout)), ("3", nn.Linear(width * 4, width)));
        _dropout = dropout;
        RegisterComponents();
    }

    /// <summary>Updates text tokens <paramref name="input1"/> <c>[B, K, w]</c> from the memory <paramref name="input2"/>
    /// <c>[B, N, w]</c>.</summary>
    /// <param name="input1">Text tokens.</param>
    /// <param name="input2">Visual memory.</param>
    /// <returns>New text tokens.</returns>
    public override Tensor forward(Tensor input1, Tensor input2)
    {
        using var scope = torch.NewDisposeScope();
        var n1 = norm1.forward(input1);
        var x = input1 + self_attn.forward(n1, n1);
        x = x + cross_attn.forward(norm2.forward(x), input2);
        var m = mlp.forward(norm3.forward(x));
        if (training && _dropout > 0) { m = nn.functional.dropout(m, _dropout, true); }
        return (x + m).MoveToOuterDisposeScope();
    }
}
