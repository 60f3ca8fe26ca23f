using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Models.Clip;

/// <summary>
/// Converts CLIP checkpoints to OpenAI's key layout, the one <see cref="ClipModel"/>'s fields carry. The source
/// layout is recognised by the keys present.
/// </summary>
/// <remarks>
/// Hugging Face <c>CLIPModel</c>: <c>q_proj/k_proj/v_proj</c> are stacked into <c>in_proj_weight</c>/<c>in_proj_bias</c>
/// (rows q, k, v), <c>layer_norm1/2</c> → <c>ln_1/2</c>, <c>mlp.fc1/fc2</c> → <c>mlp.c_fc/c_proj</c>,
/// <c>pre_layrnorm</c>/<c>post_layernorm</c> → <c>ln_pre</c>/<c>ln_post</c>, <c>final_layer_norm</c> → <c>ln_final</c>,
/// and the projection <c>Linear</c> weights are transposed into <c>visual.proj</c>/<c>text_projection</c>;
/// <c>position_ids</c> buffers are dropped. OpenAI files: the non-weight entries <c>input_resolution</c>,
/// <c>context_length</c> and <c>vocab_size</c> of released checkpoints are dropped (as <c>build_model</c> does).
/// Converters never modify their input: tensors that keep their values are shared (aliases), new ones are built.
/// </remarks>
public static partial class ClipCheckpoint
{
    private static readonly string[] OpenAiExtras = ["input_resolution", "context_length", "vocab_size"];
    private static readonly string[] QkvNames = ["q_proj", "k_proj", "v_proj"];
    private static readonly string[] ParamKinds = ["weight", "bias"];
    private static readonly (string Tower, string Target)[] Towers = [("text_model", "transformer"), ("vision_model", "visual.transformer")];

    /// <summary>Recognises a checkpoint's layout by its keys.</summary>
    /// <param name="weights">The checkpoint.</param>
    /// <returns>The layout.</returns>
    public static ClipCheckpointLayout Detect(StateDict weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.ContainsKey("visual.conv1.weight") || weights.ContainsKey("token_embedding.weight")) { return ClipCheckpointLayout.OpenAi; }
        if (weights.Keys.Any(k => k.StartsWith("vision_model.", StringComparison.Ordinal) || k.StartsWith("text_model.", StringComparison.Ordinal)))
        {
            return ClipCheckpointLayout.HuggingFace;
        }
        return ClipCheckpointLayout.Unknown;
    }

    /// <summary>Returns the checkpoint under OpenAI names (a new state dict; the input is not modified).</summary>
    /// <param name="weights">A CLIP checkpoint in any supported layout. Unknown layouts are returned as they are,
    /// for the loader to report.</param>
    /// <returns>A new state dict the caller owns.</returns>
    public static StateDict ToOpenAi(StateDict weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        TorchRuntime.EnsureLoaded();
        switch (Detect(weights))
        {
            case ClipCheckpointLayout.HuggingFace:
                return FromHuggingFace(weights);
            case ClipCheckpointLayout.OpenAi:
                var result = new StateDict();
                foreach (var k in weights.Keys.Where(k => !OpenAiExtras.Contains(k)))
                {
                    result.Add(k, weights[k].alias());
                }
                return result;
            default:
                return weights.Alias();
        }
    }

    private static StateDict FromHuggingFace(StateDict hf)
    {
        var result = new StateDict();
        try
        {
            var consumed = new HashSet<string>(StringComparer.Ordinal);
            void Move(string from, string to, bool transpose = false)
            {
                if (!hf.TryGetValue(from, out var t)) { return; }
                consumed.Add(from);
                result.Add(to, transpose ? t.t().contiguous() : t.alias());
            }

            Move("text_model.embeddings.token_embedding.weight", "token_embedding.weight");
            Move("text_model.embeddings.position_embedding.weight", "positional_embedding");
            Move("text_model.final_layer_norm.weight", "ln_final.weight");
            Move("text_model.final_layer_norm.bias", "ln_final.bias");
            Move("text_projection.weight", "text_projection", transpose: true);
            Move("logit_scale", "logit_scale");
            Move("vision_model.embeddings.class_embedding", "visual.class_embedding");
            Move("vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight");
            Move("vision_model.embeddings.position_embedding.weight", "visual.positional_embedding");
            Move("vision_model.pre_layrnorm.weight", "visual.ln_pre.weight");
            Move("vision_model.pre_layrnorm.bias", "visual.ln_pre.bias");
            Move("vision_model.post_layernorm.weight", "visual.ln_post.weight");
            Move("vision_model.post_layernorm.bias", "visual.ln_post.bias");
            Move("visual_projection.weight", "visual.proj", transpose: true);

            foreach (var (tower, target) in Towers)
            {
                var layers = hf.Keys.Select(k => LayerIndex().Match(k)).Where(m => m.Success && m.Groups[1].Value == tower)
                    .Select(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
                foreach (var i in layers)
                {
                    var src = $"{tower}.encoder.layers.{i}.";
                    var dst = $"{target}.resblocks.{i}.";
                    foreach (var kind in ParamKinds)
                    {
                        var parts = QkvNames.Select(p => $"{src}self_attn.{p}.{kind}").ToList();
                        if (parts.All(hf.ContainsKey))
                        {
                            result.Add($"{dst}attn.in_proj_{kind}", torch.cat(parts.Select(p => hf[p]).ToList(), 0));
                            consumed.UnionWith(parts);
                        }
                        Move($"{src}self_attn.out_proj.{kind}", $"{dst}attn.out_proj.{kind}");
                        Move($"{src}layer_norm1.{kind}", $"{dst}ln_1.{kind}");
                        Move($"{src}mlp.fc1.{kind}", $"{dst}mlp.c_fc.{kind}");
                        Move($"{src}mlp.fc2.{kind}", $"{dst}mlp.c_proj.{kind}");
                        Move($"{src}layer_norm2.{kind}", $"{dst}ln_2.{kind}");
                    }
                }
            }
            foreach (var k in hf.Keys.Where(k => !consumed.Contains(k) && !k.EndsWith("position_ids", StringComparison.Ordinal)))
            {
                result.Add(k, hf[k].alias());
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    [GeneratedRegex(@"^(text_model|vision_model)\.encoder\.layers\.(\d+)\.")]
    private static partial Regex LayerIndex();
}
