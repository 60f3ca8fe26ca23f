using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>The attention of DenseCLIP's context decoder (<c>models.Attention</c>): bias-free <c>q_proj</c>,
/// <c>k_proj</c>, <c>v_proj</c>, softmax(q kᵀ / √d) over the keys per head, output projection <c>proj</c> (with bias)
/// and dropout after it while training.</summary>
public sealed class ContextAttention : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear proj;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly double _dropout;

    /// <summary>Creates the layer.</summary>
    /// <param name="width">Token width.</param>
    /// <param name="heads">Heads (divide the width).</param>
    /// <param name="dropout">Training-time dropout after the projection.</param>
    public ContextAttention(int width, int heads, double dropout) : base(DenseModuleBase.Name(nameof(ContextAttention)))
    {
        q_proj = nn.Linear(width, width, hasBias: false);
        k_proj = nn.Linear(width, width, hasBias: false);
        v_proj = nn.Linear(width, width, hasBias: false);
        proj = nn.Linear(width, width);
        _heads = heads;
        _dropout = dropout;
        RegisterComponents();
    }

    /// <summary>Queries <paramref name="input1"/> <c>[B, N, C]</c> attend to keys = values <paramref name="input2"/>
    /// <c>[B, M, C]</c>.</summary>
    /// <param name="input1">Queries.</param>
    /// <param name="input2">Keys and values.</param>
    /// <returns><c>[B, N, C]</c>.</returns>
    public override Tensor forward(Tensor input1, Tensor input2)
    {
        using var scope = torch.NewDisposeScope();
        var b = input1.shape[0];
        var n = input1.shape[1];
        var c = input1.shape[2];
        var m = input2.shape[1];
        var d = c / _heads;
        var q = q_proj.forward(input1).view(b, n, _heads, d).transpose(1, 2);
        var k = k_proj.forward(input2).view(b, m, _heads, d).transpose(1, 2);
        var v = v_proj.forward(input2).view(b, m, _heads, d).transpose(1, 2);
        var x = nn.functional.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(b, n, c);
        x = proj.forward(x);
        if (training && _dropout > 0) { x = nn.functional.dropout(x, _dropout, true); }
        return x.MoveToOuterDisposeScope();
    }
}
