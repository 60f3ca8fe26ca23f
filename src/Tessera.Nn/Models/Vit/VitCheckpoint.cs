using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Nn.Layers;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Nn.Models.Vit;

/// <summary>
/// Converts ViT checkpoints to timm's names and adapts the position embedding to a model's grid, like timm's
/// <c>checkpoint_filter_fn</c>. The layout is recognised by the keys present.
/// </summary>
/// <remarks>
/// VPT: <c>transformer.embeddings.{patch_embeddings, position_embeddings, cls_token}</c> → <c>patch_embed.proj</c>,
/// <c>pos_embed</c>, <c>cls_token</c>; per layer <c>attention_norm</c>/<c>ffn_norm</c> → <c>norm1</c>/<c>norm2</c>,
/// <c>attn.query/key/value</c> stacked (rows q, k, v) into <c>attn.qkv</c>, <c>attn.out</c> → <c>attn.proj</c>,
/// <c>ffn.fc1/fc2</c> → <c>mlp.fc1/fc2</c>; <c>transformer.encoder.encoder_norm</c> → <c>norm</c>; <c>head</c> stays.
/// The input is never modified; unchanged tensors are shared.
/// </remarks>
public static partial class VitCheckpoint
{
    /// <summary>Recognises the layout.</summary>
    /// <param name="weights">The checkpoint.</param>
    /// <returns>The layout.</returns>
    public static VitCheckpointLayout Detect(StateDict weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Keys.Any(k => k.StartsWith("transformer.encoder.layer.", StringComparison.Ordinal))) { return VitCheckpointLayout.Vpt; }
        if (weights.ContainsKey("cls_token") || weights.Keys.Any(k => k.StartsWith("blocks.", StringComparison.Ordinal))) { return VitCheckpointLayout.Timm; }
        return VitCheckpointLayout.Unknown;
    }

    /// <summary>Returns the checkpoint under timm names (new state dict; input untouched).</summary>
    /// <param name="weights">A ViT checkpoint.</param>
    /// <returns>A new state dict the caller owns.</returns>
    public static StateDict ToTimm(StateDict weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        TorchRuntime.EnsureLoaded();
        return Detect(weights) == VitCheckpointLayout.Vpt ? FromVpt(weights) : weights.Alias();
    }

    /// <summary>
    /// Converts to timm names and, when the checkpoint's position embedding has another grid than the model's,
    /// resamples it bicubically (timm's <c>resample_abs_pos_embed</c>), then loads.
    /// </summary>
    /// <param name="model">Target model.</param>
    /// <param name="weights">Checkpoint in timm or VPT layout.</param>
    /// <param name="strict">Refuse partial loads.</param>
    /// <returns>The load report.</returns>
    /// <exception cref="IncompatibleWeightsException">Strict and keys differ.</exception>
    public static LoadReport Load(VisionTransformer model, StateDict weights, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var timm = ToTimm(weights);
        if (timm.TryGetValue("pos_embed", out var pos))
        {
            var grid = model.Config.GridSize;
            var tokens = pos.shape[^2] - 1;
            var old = (int)Math.Round(Math.Sqrt(tokens));
            if (old != grid && old * old == tokens)
            {
                var resized = PositionEmbedding.Resample(pos, (old, old), (grid, grid));
                timm.Remove("pos_embed");
                timm.Add("pos_embed", resized);
            }
        }
        return StateDictLoader.Load(model, timm, strict);
    }

    private static StateDict FromVpt(StateDict vpt)
    {
        var result = new StateDict();
        try
        {
            var consumed = new HashSet<string>(StringComparer.Ordinal);
            void Move(string from, string to)
            {
                if (!vpt.TryGetValue(from, out var t)) { return; }
                consumed.Add(from);
                result.Add(to, t.alias());
            }
            Move("transformer.embeddings.cls_token", "cls_token");
            Move("transformer.embeddings.position_embeddings", "pos_embed");
            Move("transformer.embeddings.patch_embeddings.weight", "patch_embed.proj.weight");
            Move("transformer.embeddings.patch_embeddings.bias", "patch_embed.proj.bias");
            var layers = vpt.Keys.Select(k => VptLayer().Match(k)).Where(m => m.Success)
                .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();
            foreach (var i in layers)
            {
                var s = $"transformer.encoder.layer.{i}.";
                var d = $"blocks.{i}.";
                foreach (var kind in Kinds)
                {
                    Move($"{s}attention_norm.{kind}", $"{d}norm1.{kind}");
                    Move($"{s}ffn_norm.{kind}", $"{d}norm2.{kind}");
                    Move($"{s}ffn.fc1.{kind}", $"{d}mlp.fc1.{kind}");
                    Move($"{s}ffn.fc2.{kind}", $"{d}mlp.fc2.{kind}");
                    Move($"{s}attn.out.{kind}", $"{d}attn.proj.{kind}");
                    var parts = Qkv.Select(p => $"{s}attn.{p}.{kind}").ToList();
                    if (parts.All(vpt.ContainsKey))
                    {
                        result.Add($"{d}attn.qkv.{kind}", torch.cat(parts.Select(p => vpt[p]).ToList(), 0));
                        consumed.UnionWith(parts);
                    }
                }
            }
            Move("transformer.encoder.encoder_norm.weight", "norm.weight");
            Move("transformer.encoder.encoder_norm.bias", "norm.bias");
            foreach (var k in vpt.Keys.Where(k => !consumed.Contains(k))) { result.Add(k, vpt[k].alias()); }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static readonly string[] Kinds = ["weight", "bias"];
    private static readonly string[] Qkv = ["query", "key", "value"];

    [GeneratedRegex(@"^transformer\.encoder\.layer\.(\d+)\.")]
    private static partial Regex VptLayer();
}
