using Tessera.Nn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Vpt;

/// <summary>A block's deep prompt: tokens <c>[B or 1, T, D]</c> and an optional <c>[B]</c> mask of the samples that take
/// it (the others keep their previous prompt outputs, as a shallow task does).</summary>
internal readonly record struct LayerPrompt(Tensor Tokens, Tensor? Mask);

/// <summary>
/// The prompted forward on a backbone's public stages (KMnP/vpt <c>incorporate_prompt</c> and
/// <c>forward_deep_prompt</c>): embed → insert or add the input prompt → for each block, replace (prepend) or add
/// (add) the block's deep prompt, then run the block. Prompts may differ per sample (mixed-task batches).
/// </summary>
internal static class PromptedEncoder
{
    /// <summary>Inserts/adds the input prompt into embedded tokens <c>[B, k + N, D]</c>.</summary>
    public static Tensor Incorporate(IVisionBackbone backbone, Tensor embedded, VptLocation location, Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var k = backbone.PrefixTokenCount;
        var b = embedded.shape[0];
        var prefix = embedded.narrow(1, 0, k);
        var patches = embedded.narrow(1, k, embedded.shape[1] - k);
        var result = location switch
        {
            VptLocation.Prepend or VptLocation.PrependPixel => torch.cat([prefix, input.expand(b, -1, -1), patches], 1),
            VptLocation.Add => embedded + input,
            _ => torch.cat([prefix, patches + input], 1),
        };
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Runs every block, applying deep prompts before blocks 1…depth−1; returns the last block's output.</summary>
    public static Tensor RunBlocks(IVisionBackbone backbone, Tensor x, VptLocation location, int promptTokens, Func<int, LayerPrompt?> deep)
    {
        using var scope = torch.NewDisposeScope();
        var k = backbone.PrefixTokenCount;
        for (var i = 0; i < backbone.Depth; i++)
        {
            if (i > 0 && deep(i) is { } d)
            {
                x = location == VptLocation.Add ? AddDeep(x, d) : ReplaceDeep(x, d, k, promptTokens);
            }
            x = backbone.ForwardBlock(i, x);
        }
        return x.MoveToOuterDisposeScope();
    }

    private static Tensor ReplaceDeep(Tensor x, LayerPrompt d, int k, int t)
    {
        var b = x.shape[0];
        var fresh = d.Tokens.expand(b, -1, -1);
        if (d.Mask is not null)
        {
            fresh = torch.where(d.Mask.reshape(b, 1, 1), fresh, x.narrow(1, k, t));
        }
        return torch.cat([x.narrow(1, 0, k), fresh, x.narrow(1, k + t, x.shape[1] - k - t)], 1);
    }

    private static Tensor AddDeep(Tensor x, LayerPrompt d)
    {
        if (d.Mask is null) { return x + d.Tokens; }
        var b = x.shape[0];
        return x + (d.Tokens.expand(b, -1, -1) * d.Mask.reshape(b, 1, 1).to(x.dtype));
    }

    /// <summary>The head's input from the last block's output.</summary>
    public static Tensor Pool(IVisionBackbone backbone, Tensor hidden, VptPooling pooling, int insertedTokens)
    {
        if (pooling == VptPooling.ClassToken) { return backbone.Pool(hidden); }
        using var scope = torch.NewDisposeScope();
        var k = backbone.PrefixTokenCount;
        var tokens = backbone.NormTokens(hidden);
        var length = tokens.shape[1];
        var pooled = pooling switch
        {
            VptPooling.PatchMean => tokens.narrow(1, k + insertedTokens, length - k - insertedTokens).mean([1]),
            VptPooling.PromptMean => tokens.narrow(1, k, insertedTokens).mean([1]),
            _ => tokens.narrow(1, k, length - k).mean([1]),
        };
        return pooled.MoveToOuterDisposeScope();
    }

    /// <summary>Width of <see cref="Pool"/>'s output.</summary>
    public static int PooledWidth(IVisionBackbone backbone, VptPooling pooling) => pooling == VptPooling.ClassToken ? backbone.OutputDim : backbone.Width;
}
