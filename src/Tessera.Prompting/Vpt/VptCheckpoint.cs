using Tessera.Nn.Weights;

namespace Tessera.Prompting.Vpt;

/// <summary>
/// Maps KMnP/vpt's <c>vit_models.ViT</c> state-dict names to Tessera's: every <c>enc.*</c> tensor whose name contains
/// <c>prompt</c> (e.g. <c>enc.transformer.prompt_embeddings</c>, <c>enc.transformer.deep_prompt_embeddings</c>,
/// <c>enc.transformer.prompt_proj.weight</c>) becomes <c>prompt.*</c>; <c>head.last_layer.*</c> stays; the other
/// <c>enc.*</c> tensors are the frozen backbone (returned separately without the <c>enc.</c> prefix, in VPT's ViT layout).
/// </summary>
public static class VptCheckpoint
{
    /// <summary>Splits a VPT checkpoint into the prompt/head part (Tessera names) and the backbone part.</summary>
    /// <param name="weights">A <c>vit_models.ViT</c> state dict (not modified; tensors are aliased).</param>
    /// <returns>Two new state dicts the caller owns.</returns>
    public static (StateDict Task, StateDict Backbone) Split(StateDict weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var task = new StateDict();
        var backbone = new StateDict();
        foreach (var key in weights.Keys)
        {
            var t = weights[key].alias();
            if (key.StartsWith("enc.", StringComparison.Ordinal))
            {
                var inner = key["enc.".Length..];
                if (inner.Contains("prompt", StringComparison.Ordinal))
                {
                    var parts = inner.Split('.');
                    var first = Array.FindIndex(parts, s => s.Contains("prompt", StringComparison.Ordinal));
                    task.Add("prompt." + string.Join('.', parts[first..]), t);
                }
                else { backbone.Add(inner, t); }
            }
            else { task.Add(key, t); }
        }
        return (task, backbone);
    }

    /// <summary>The Tessera name of a VPT task tensor (inverse direction for comparisons): <c>prompt.X</c> →
    /// <c>enc.transformer.X</c>; other names unchanged.</summary>
    /// <param name="name">A <see cref="VptClassifier"/> parameter name.</param>
    /// <returns>The reference name.</returns>
    public static string ReferenceName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("prompt.", StringComparison.Ordinal) ? "enc.transformer." + name["prompt.".Length..] : name;
    }
}
