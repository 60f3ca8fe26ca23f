using Tessera.Core.Errors;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>The tensors DenseCLIP's <c>init_weights</c> copies from a CLIP checkpoint.</summary>
public static class DenseClipWeights
{
    private static readonly string[] TextKeys = ["token_embedding.weight", "ln_final.weight", "ln_final.bias", "text_projection"];

    /// <summary>Maps CLIP tensors (OpenAI names) to segmentor keys: <c>text_encoder.X</c> = <c>X</c> for the text tower
    /// (<c>transformer.*</c>, <c>token_embedding</c>, <c>ln_final</c>, <c>text_projection</c>), with
    /// <c>positional_embedding</c> truncated to the encoder's length; with <paramref name="visual"/>, every
    /// <c>visual.X</c> also becomes <c>backbone.X</c> (a ResNet attention pool's positional grid is resized bilinearly to
    /// <paramref name="attnPoolGrid"/> when that differs, as upstream's <c>init_weights</c> does for 512-pixel inputs).</summary>
    /// <param name="clip">CLIP state dict (not modified; the result aliases its tensors).</param>
    /// <param name="textContextLength">Length N1 + N2 of the context-prompted text encoder.</param>
    /// <param name="visual">Also map the image tower.</param>
    /// <param name="attnPoolGrid">Grid side of the target attention pool (input resolution / 32), or null.</param>
    /// <returns>A new state dict (dispose it; the source tensors stay alive).</returns>
    /// <exception cref="TesseraArgumentException">The CLIP weights lack the text tower or are too short.</exception>
    public static StateDict FromClip(StateDict clip, int textContextLength, bool visual, int? attnPoolGrid = null)
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
            else if (visual && key == "visual.attnpool.positional_embedding" && attnPoolGrid is { } grid)
            {
                result.Add("backbone.attnpool.positional_embedding", ResizeGrid(clip[key], grid));
            }
            else if (visual && key.StartsWith("visual.", StringComparison.Ordinal))
            {
                result.Add("backbone." + key["visual.".Length..], clip[key].alias());
            }
        }
        result.Add("text_encoder.positional_embedding", pos.narrow(0, 0, textContextLength));
        return result;
    }

    /// <summary>Row 0 kept; the square grid rows resized bilinearly (align_corners=False) to <paramref name="grid"/>².</summary>
    private static Tensor ResizeGrid(Tensor embedding, int grid)
    {
        var rows = embedding.shape[0] - 1;
        var old = (int)Math.Round(Math.Sqrt(rows));
        Guard.That(old * (long)old == rows, "clip", $"attention-pool positional embedding has {rows} grid rows, not a square");
        if (old == grid) { return embedding.alias(); }
        using var scope = torch.NewDisposeScope();
        var c = embedding.shape[1];
        var spatial = embedding.narrow(0, 1, rows).reshape(1, old, old, c).permute(0, 3, 1, 2);
        var resized = nn.functional.interpolate(spatial, [grid, grid], mode: InterpolationMode.Bilinear, align_corners: false);
        return torch.cat([embedding.narrow(0, 0, 1), resized.reshape(c, (long)grid * grid).permute(1, 0)], 0).MoveToOuterDisposeScope();
    }
}
