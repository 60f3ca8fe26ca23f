using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Layers;

/// <summary>
/// Self-attention with the parameter names of <c>torch.nn.MultiheadAttention</c> (as used by OpenAI CLIP):
/// <c>in_proj_weight</c> (<c>[3C, C]</c>, rows q, k, v), <c>in_proj_bias</c>, <c>out_proj.weight</c>, <c>out_proj.bias</c>.
/// </summary>
/// <remarks>Batch-first <c>[B, N, C]</c> (CLIP's sequence-first layout is a transpose and does not change the
/// weights). With <c>causal</c>, position i attends to positions ≤ i only (CLIP's text mask: −inf above the diagonal).</remarks>
public sealed class MultiheadSelfAttention : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Parameter in_proj_weight;
    private readonly Parameter in_proj_bias;
    private readonly Linear out_proj;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly bool _causal;

    /// <summary>Creates the layer.</summary>
    /// <param name="width">Token width C.</param>
    /// <param name="heads">Head count; must divide <paramref name="width"/>.</param>
    /// <param name="causal">Mask future positions.</param>
    /// <exception cref="TesseraArgumentException">A size is not positive or heads does not divide width.</exception>
    public MultiheadSelfAttention(int width, int heads, bool causal = false) : base(ModuleBase.Name(nameof(MultiheadSelfAttention)))
    {
        AttentionMath.CheckSizes(width, heads);
        _heads = heads;
        _causal = causal;
        in_proj_weight = new Parameter(torch.empty(3L * width, width));
        in_proj_bias = new Parameter(torch.zeros(3L * width));
        out_proj = nn.Linear(width, width);
        using (torch.no_grad())
        {
            nn.init.xavier_uniform_(in_proj_weight);
        }
        RegisterComponents();
    }

    /// <summary>Head count.</summary>
    public int Heads => _heads;

    /// <summary>Self-attention over <c>[B, N, C]</c> tokens.</summary>
    /// <param name="input">Tokens.</param>
    /// <returns>New tokens of the same shape.</returns>
    public override Tensor forward(Tensor input)
        => AttentionMath.SelfAttention(input, in_proj_weight, in_proj_bias, out_proj.weight!, out_proj.bias, _heads, _causal);
}
