using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Layers;

/// <summary>
/// timm's ViT self-attention: one fused <c>qkv</c> projection (<c>[3C, C]</c>, rows q, k, v) and an output
/// <c>proj</c>. State-dict keys: <c>qkv.weight</c>, <c>qkv.bias</c>, <c>proj.weight</c>, <c>proj.bias</c>.
/// </summary>
/// <remarks>Reference: huggingface/pytorch-image-models <c>timm/models/vision_transformer.py</c> class <c>Attention</c>.
/// Input and output are batch-first <c>[B, N, C]</c>.</remarks>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int _heads;

    /// <summary>Creates the layer.</summary>
    /// <param name="width">Token width C.</param>
    /// <param name="heads">Head count; must divide <paramref name="width"/>.</param>
    /// <param name="qkvBias">Whether <c>qkv</c> has a bias (timm default true).</param>
    /// <exception cref="TesseraArgumentException">A size is not positive or heads does not divide width.</exception>
    public Attention(int width, int heads, bool qkvBias = true) : base(ModuleBase.Name(nameof(Attention)))
    {
        AttentionMath.CheckSizes(width, heads);
        _heads = heads;
        qkv = nn.Linear(width, 3L * width, hasBias: qkvBias);
        proj = nn.Linear(width, width);
        RegisterComponents();
    }

    /// <summary>Self-attention over <c>[B, N, C]</c> tokens.</summary>
    /// <param name="input">Tokens.</param>
    /// <returns>New tokens of the same shape.</returns>
    public override Tensor forward(Tensor input)
        => AttentionMath.SelfAttention(input, qkv.weight!, qkv.bias, proj.weight!, proj.bias, _heads, causal: false);
}
