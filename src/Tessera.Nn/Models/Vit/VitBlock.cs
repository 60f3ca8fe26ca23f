using Tessera.Nn.Layers;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Models.Vit;

/// <summary>timm's pre-norm ViT block: <c>x + attn(norm1(x))</c>, then <c>x + mlp(norm2(x))</c>.</summary>
public sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;

    /// <summary>Creates a block.</summary>
    /// <param name="config">Sizes.</param>
    public VitBlock(VitConfig config) : base(ModuleBase.Name(nameof(VitBlock)))
    {
        ArgumentNullException.ThrowIfNull(config);
        norm1 = nn.LayerNorm(config.Width, config.LayerNormEps);
        attn = new Attention(config.Width, config.Heads, config.QkvBias);
        norm2 = nn.LayerNorm(config.Width, config.LayerNormEps);
        mlp = new Mlp(config.Width, config.MlpHidden, Activation.Gelu);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var n1 = norm1.forward(input);
        using var a = attn.forward(n1);
        using var x = input + a;
        using var n2 = norm2.forward(x);
        using var m = mlp.forward(n2);
        return x + m;
    }
}
