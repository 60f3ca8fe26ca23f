using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// DenseCLIP's <c>CLIPTextContextEncoder</c>: CLIP's text tower fed with learnable context vectors (CoOp-style) between
/// the start token and the class-name tokens. For each batch element and class the sequence is
/// <c>[SOT embedding, the N2 context vectors, the remaining N1 − 1 token embeddings]</c> (length N1 + N2 =
/// <see cref="ContextLength"/>), plus the positional embedding, causal blocks, <c>ln_final</c>, the row at
/// <c>argmax(tokens) + N2</c> (end of text) and <c>text_projection</c>. Keys: CLIP's text keys
/// (<c>token_embedding</c>, <c>positional_embedding</c> truncated to the context length, <c>transformer</c>,
/// <c>ln_final</c>, <c>text_projection</c>).
/// </summary>
public sealed class ClipTextContextEncoder : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly ClipTransformer transformer;
    private readonly Embedding token_embedding;
    private readonly Parameter positional_embedding;
    private readonly LayerNorm ln_final;
    private readonly Parameter text_projection;
#pragma warning restore IDE1006

    /// <summary>Creates the encoder (weights are normally copied from CLIP, see <see cref="DenseClipWeights"/>).</summary>
    /// <param name="contextLength">Total sequence length N1 + N2.</param>
    /// <param name="vocabSize">Vocabulary size.</param>
    /// <param name="width">Token width.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="layers">Blocks.</param>
    /// <param name="embedDim">CLIP embedding size.</param>
    public ClipTextContextEncoder(int contextLength, int vocabSize, int width, int heads, int layers, int embedDim)
        : base(DenseModuleBase.Name(nameof(ClipTextContextEncoder)))
    {
        Guard.Positive(contextLength);
        ContextLength = contextLength;
        EmbedDim = embedDim;
        transformer = new ClipTransformer(width, layers, heads, causal: true);
        token_embedding = nn.Embedding(vocabSize, width);
        positional_embedding = new Parameter(torch.randn(contextLength, width) * 0.01);
        ln_final = nn.LayerNorm(width, 1e-5);
        text_projection = new Parameter(torch.randn(width, embedDim) / Math.Sqrt(width));
        RegisterComponents();
    }

    /// <summary>Total sequence length N1 + N2.</summary>
    public int ContextLength { get; }

    /// <summary>Output size.</summary>
    public int EmbedDim { get; }

    /// <summary>Encodes class names with context vectors.</summary>
    /// <param name="input1">Class-name token ids <c>[K, N1]</c> (DenseCLIP tokenises with a context length N1 = 5).</param>
    /// <param name="input2">Context vectors <c>[B, N2, width]</c> with N1 + N2 = <see cref="ContextLength"/>.</param>
    /// <returns>Text embeddings <c>[B, K, E]</c>.</returns>
    /// <exception cref="TesseraArgumentException">Lengths do not add up.</exception>
    public override Tensor forward(Tensor input1, Tensor input2)
    {
        ArgumentNullException.ThrowIfNull(input1);
        ArgumentNullException.ThrowIfNull(input2);
        Guard.That(input1.dim() == 2, "text", $"must be [K, N1], got [{string.Join(", ", input1.shape)}]");
        Guard.That(input2.dim() == 3, "context", $"must be [B, N2, width], got [{string.Join(", ", input2.shape)}]");
        var k = input1.shape[0];
        var n1 = input1.shape[1];
        var b = input2.shape[0];
        var n2 = input2.shape[1];
        Guard.That(n1 + n2 == ContextLength, "context", $"N1 {n1} + N2 {n2} must equal the context length {ContextLength}");
        using var scope = torch.NewDisposeScope();
        var ids = input1.to(ScalarType.Int64);
        var text = token_embedding.forward(ids);
        var c = text.shape[2];
        var eot = (ids.argmax(-1) + n2).reshape(1, k).expand(b, k).reshape(-1);
        var textB = text.reshape(1, k, n1, c).expand(b, k, n1, c);
        var ctx = input2.reshape(b, 1, n2, c).expand(b, k, n2, c);
        var x = torch.cat([textB.narrow(2, 0, 1), ctx, textB.narrow(2, 1, n1 - 1)], 2).reshape(b * k, n1 + n2, c);
        x = x + positional_embedding;
        x = transformer.forward(x);
        x = ln_final.forward(x);
        var rows = x[torch.arange(b * k), eot];
        return rows.matmul(text_projection).reshape(b, k, EmbedDim).MoveToOuterDisposeScope();
    }
}
