using Tessera.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// DenseCLIP's post-model vision-to-language prompting (<c>ContextDecoder</c>): text embeddings attend to the visual
/// context (global + dense embeddings) through a small transformer decoder, and the output is the update that
/// <see cref="DenseClipModel"/> adds with the learnable scale γ. <c>memory = LN → Linear → LN (visual)</c>,
/// <c>x = LN → Linear (text)</c>, the <see cref="ContextDecoderLayer"/>s, then <c>LN → Linear</c> back to the visual
/// width. Keys: <c>memory_proj.0..2</c>, <c>text_proj.0..1</c>, <c>decoder.i.*</c>, <c>out_proj.0..1</c>.
/// </summary>
/// <remarks>With a <c>tokenDim</c> different from the visual width the same decoder maps query tokens of that width to
/// tokens of that width while attending to the visual context: the pre-model prompting of <see cref="DenseClipModel"/>
/// uses it to turn learnable queries into the text encoder's context tokens.</remarks>
public sealed class ContextDecoder : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Sequential memory_proj;
    private readonly Sequential text_proj;
    private readonly ModuleList<ContextDecoderLayer> decoder;
    private readonly Sequential out_proj;
#pragma warning restore IDE1006

    /// <summary>Creates the decoder with upstream's initialisation (truncated normal 0.02 for linear weights, zero
    /// biases, unit LayerNorms).</summary>
    /// <param name="width">Decoder width.</param>
    /// <param name="heads">Heads.</param>
    /// <param name="layers">Layers.</param>
    /// <param name="visualDim">Width of the visual context (CLIP's embedding size), and of the text tokens unless
    /// <paramref name="tokenDim"/> is given.</param>
    /// <param name="dropout">Training-time dropout.</param>
    /// <param name="tokenDim">Width of the tokens that are updated and returned; null = <paramref name="visualDim"/>
    /// (upstream's post-model decoder).</param>
    public ContextDecoder(int width, int heads, int layers, int visualDim, double dropout = 0.1, int? tokenDim = null) : base(DenseModuleBase.Name(nameof(ContextDecoder)))
    {
        Guard.That(width > 0 && heads > 0 && width % heads == 0, nameof(heads), $"must be positive and divide the width {width}");
        Guard.Positive(layers);
        Guard.Positive(visualDim);
        var tokens = tokenDim ?? visualDim;
        Guard.Positive(tokens, nameof(tokenDim));
        memory_proj = nn.Sequential(("0", nn.LayerNorm(visualDim, 1e-5)), ("1", nn.Linear(visualDim, width)), ("2", nn.LayerNorm(width, 1e-5)));
        text_proj = nn.Sequential(("0", nn.LayerNorm(tokens, 1e-5)), ("1", nn.Linear(tokens, width)));
        decoder = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new ContextDecoderLayer(width, heads, dropout)).ToArray());
        out_proj = nn.Sequential(("0", nn.LayerNorm(width, 1e-5)), ("1", nn.Linear(width, tokens)));
        RegisterComponents();
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (p.dim() == 2) { TruncatedNormal.Fill(p, std: 0.02); }
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) { p.zero_(); }
        }
    }

    /// <summary>The update of the text embeddings (or, for pre-model prompting, the context tokens).</summary>
    /// <param name="input1">Text embeddings or queries <c>[B, K, tokenDim]</c>.</param>
    /// <param name="input2">Visual context <c>[B, N, visualDim]</c>.</param>
    /// <returns><c>[B, K, tokenDim]</c>.</returns>
    public override Tensor forward(Tensor input1, Tensor input2)
    {
        ArgumentNullException.ThrowIfNull(input1);
        ArgumentNullException.ThrowIfNull(input2);
        using var scope = torch.NewDisposeScope();
        var memory = memory_proj.forward(input2);
        var x = text_proj.forward(input1);
        foreach (var layer in decoder) { x = layer.forward(x, memory); }
        return out_proj.forward(x).MoveToOuterDisposeScope();
    }
}
