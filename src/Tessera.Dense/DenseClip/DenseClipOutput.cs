using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>Caller-owned results of <see cref="DenseClipModel.AfterExtractFeatures"/> (upstream <c>after_extract_feat</c>).</summary>
/// <param name="TextEmbeddingsInitial">Context-prompted class embeddings before the update <c>[1, K, E]</c> (with
/// pre-model prompting <c>[B, K, E]</c>, one set per image).</param>
/// <param name="VisualContext">Global and dense embeddings as tokens <c>[B, 1 + hw, E]</c>.</param>
/// <param name="TextDiff">The context decoder's update <c>[B, K, E]</c> (zeros without post-model prompting).</param>
/// <param name="TextEmbeddings">Updated class embeddings <c>text + γ · diff</c> <c>[B, K, E]</c> (without post-model
/// prompting the class embeddings as they are).</param>
/// <param name="ScoreMap">Pixel–text cosine similarities <c>[B, K, h, w]</c>.</param>
/// <param name="Features">The backbone's four maps with the score maps concatenated to the configured one.</param>
public sealed record DenseClipOutput(Tensor TextEmbeddingsInitial, Tensor VisualContext, Tensor TextDiff, Tensor TextEmbeddings, Tensor ScoreMap,
    IReadOnlyList<Tensor> Features) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        TextEmbeddingsInitial.Dispose();
        VisualContext.Dispose();
        TextDiff.Dispose();
        TextEmbeddings.Dispose();
        ScoreMap.Dispose();
        foreach (var f in Features) { f.Dispose(); }
    }
}
