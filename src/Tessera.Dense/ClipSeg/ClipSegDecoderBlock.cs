using Tessera.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>
/// One CLIPSeg decoder block = PyTorch's <c>nn.TransformerEncoderLayer(d_model, nhead)</c> with its defaults: post-norm
/// (<c>x = norm1(x + self_attn(x))</c>, <c>x = norm2(x + linear2(relu(linear1(x))))</c>), LayerNorm eps 1e-5, dropout
/// after the attention, inside and after the feed-forward while training. Field names are the state-dict keys
/// (<c>self_attn.in_proj_weight</c>, <c>self_attn.out_proj.*</c>, <c>linear1.*</c>, <c>linear2.*</c>, <c>norm1.*</c>,
/// <c>norm2.*</c>).
/// </summary>
/// <remarks>Tokens are batch-first <c>[B, N, D]</c> (upstream runs sequence-first; the weights are the same).</remarks>
public sealed class ClipSegDecoderBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly MultiheadSelfAttention self_attn;
    private readonly Linear linear1;
    private readonly Linear linear2;
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
#pragma warning restore IDE1006
    private readonly double _dropout;

    /// <summary>Creates the block with PyTorch's default initialisation.</summary>
    /// <param name="width">Token width D.</param>
    /// <param name="heads">Attention heads (divides D).</param>
    /// <param name="feedForward">Feed-forward hidden width.</param>
    /// <param name="dropout">Training-time dropout probability.</param>
    public ClipSegDecoderBlock(int width, int heads, int feedForward, double dropout) : base(DenseModuleBase.Name(nameof(ClipSegDecoderBlock)))
    {
        self_attn = new MultiheadSelfAttention(width, heads);
        linear1 = nn.Linear(width, feedForward);
        linear2 = nn.Linear(feedForward, width);
        norm1 = nn.LayerNorm(width, 1e-5);
        norm2 = nn.LayerNorm(width, 1e-5);
        _dropout = dropout;
        RegisterComponents();
    }

    /// <summary>Runs the block on <c>[B, N, D]</c> tokens.</summary>
    /// <param name="input">Tokens.</param>
    /// <returns>New tokens of the same shape.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var drop = training && _dropout > 0;
        var attended = self_attn.forward(input);
        if (drop) { attended = nn.functional.dropout(attended, _dropout, true); }
        var x = norm1.forward(input + attended);
        var hidden = nn.functional.relu(linear1.forward(x));
        if (drop) { hidden = nn.functional.dropout(hidden, _dropout, true); }
        var ff = linear2.forward(hidden);
        if (drop) { ff = nn.functional.dropout(ff, _dropout, true); }
        return norm2.forward(x + ff).MoveToOuterDisposeScope();
    }
}
