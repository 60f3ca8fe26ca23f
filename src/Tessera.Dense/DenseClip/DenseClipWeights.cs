using Tessera.Core.Errors;
using Tessera.Nn.Weights;

namespace Tessera.Dense.DenseClip;

/// <summary>The tensors DenseCLIP's <c>init_weights</c> copies from a CLIP checkpoint.</summary>
public static class DenseClipWeights
{
    private static readonly string[] TextKeys = ["token_embedding.weight", "ln_final.weight", "ln_final.bias", "text_projection"];

    /// <summary>Maps CLIP tensors (OpenAI names) to segmentor keys: <c>text_encoder.X</c> = <c>X</c> for the text tower
    /// (<c>transformer.*</c>, <c>token_embedding</c>, <c>ln_final</c>, <c>text_projection</c>), with
    /// <c>positional_embedding</c> truncated to the encoder's length; with <paramref name="visual"/>, every
    /// <c>visual.X</c> also becomes <c>backbone.X</c>.</summary>
    /// <param name="clip">CLIP state dict (not modified; the result aliases its tensors).</param>
    /// <param name="textContextLength">Length N1 + N2 of the context-prompted text encoder.</param>
    /// <param name="visual">Also map the image tower.</param>
    /// <returns>A new state dict (dispose it; the source tensors stay alive).</returns>
    /// <exception cref="TesseraArgumentException">The CLIP weights lack the text tower or are too short.</exception>
    public static StateDict FromClip(StateDict clip, int textContextLength, bool visual)
    {
        ArgumentNullException.ThrowIfNull(clip);
        Guard.That(clip.ContainsKey("positional_embedding") && clip.ContainsKey("token_embedding.weight"), nameof(clip), "must hold CLIP's text tower in OpenAI names");
        var pos = clip["positional_embedding"];
        Guard.That(pos.shape[0] >= textContextLength, nameof(textContextLength), $"must not exceed CLIP's context length {pos.shape[0]}");
        var result = new StateDict();
        foreach (var key in clip.Keys)
        {
            if (key.StartsWith("transformer.", StringComparison.Ordinal) || TextKeys.Contains(key))
            {
                result.Add("text_encoder." + key, clip[key].alias());
            }
            else if (visual && key.StartsWith("visual.", StringComparison.Ordinal))
            {
                result.Add("backbone." + key["visual.".Length..], clip[key].alias());
            }
        }
        result.Add("text_encoder.positional_embedding", pos.narrow(0, 0, textContextLength));
        return result;
    }
}
