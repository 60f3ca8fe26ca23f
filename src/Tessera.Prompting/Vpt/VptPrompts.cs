using Tessera.Nn.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Prompting.Vpt;

/// <summary>
/// VPT's learned prompt parameters under the reference names: <c>prompt_embeddings</c> (<c>[1, T, d]</c>; add:
/// <c>[1, L, d]</c>; prepend-pixel: <c>[1, 3, p, p·T]</c>; concat-channel: <c>[1, T, H, W]</c>),
/// <c>deep_prompt_embeddings</c> <c>[depth − 1, T, d]</c> (deep), <c>prompt_proj</c> (<c>PROJECT</c> &gt; −1), and
/// for concat-channel <c>prompt_channel_proj</c> (the learned patch projection of the extra channels).
/// </summary>
/// <remarks>Reference: KMnP/vpt <c>src/models/vit_prompt/vit.py</c> (<c>PromptedTransformer.__init__</c>).</remarks>
public sealed class VptPrompts : nn.Module
{
    private readonly Parameter prompt_embeddings;
    private readonly Parameter? deep_prompt_embeddings;
    private readonly Linear? prompt_proj;
    private readonly Conv2d? prompt_channel_proj;
    private readonly Dropout prompt_dropout;

    /// <summary>Creates the prompts for a backbone, initialised by VPT's rules from <paramref name="generator"/>.</summary>
    /// <param name="backbone">Sizes come from it.</param>
    /// <param name="imageSize">Input image side (needed by the add and concat-channel locations).</param>
    /// <param name="options">Validated options.</param>
    /// <param name="generator">Initialisation generator.</param>
    internal VptPrompts(IVisionBackbone backbone, int imageSize, VptOptions options, Generator generator) : base(PromptingRuntime.Name(nameof(VptPrompts)))
    {
        Options = options;
        var width = backbone.Width;
        var p = backbone.PatchSize;
        var promptDim = options.Project > 0 ? options.Project : width;
        var grid = imageSize / p;
        var sequence = backbone.PrefixTokenCount + (grid * grid);
        TokenCount = options.Location == VptLocation.Add ? sequence : options.NumTokens;
        var bound = VptInit.PromptBound(p, promptDim);
        if (options.Project > 0)
        {
            prompt_proj = nn.Linear(options.Project, width);
            using (torch.no_grad())
            {
                using var w = VptInit.KaimingNormalFanOut(generator, width, options.Project);
                prompt_proj.weight!.copy_(w);
                using var b = VptInit.Uniform(generator, 1 / Math.Sqrt(options.Project), width);
                prompt_proj.bias!.copy_(b);
            }
        }
        prompt_embeddings = new Parameter(options.Location switch
        {
            VptLocation.PrependPixel => VptInit.Uniform(generator, bound, 1, 3, p, p * options.NumTokens),
            VptLocation.ConcatChannel => VptInit.Uniform(generator, bound, 1, options.NumTokens, imageSize, imageSize),
            _ => VptInit.Uniform(generator, bound, 1, TokenCount, promptDim),
        });
        if (options.Deep)
        {
            deep_prompt_embeddings = new Parameter(VptInit.Uniform(generator, bound, backbone.Depth - 1, TokenCount, promptDim));
        }
        if (options.Location == VptLocation.ConcatChannel)
        {
            prompt_channel_proj = nn.Conv2d(options.NumTokens, width, p, stride: p, bias: false);
            using (torch.no_grad())
            {
                using var w = VptInit.Uniform(generator, bound, width, options.NumTokens, p, p);
                prompt_channel_proj.weight!.copy_(w);
            }
        }
        prompt_dropout = nn.Dropout(options.Dropout);
        RegisterComponents();
    }

    /// <summary>The options.</summary>
    public VptOptions Options { get; }

    /// <summary>Prompt tokens per layer (the sequence length for the add location).</summary>
    public int TokenCount { get; }

    /// <summary>Tokens inserted into the sequence (0 for add and concat-channel).</summary>
    public int InsertedTokens => Options.InsertsTokens ? TokenCount : 0;

    /// <summary>Whether block <paramref name="block"/> (≥ 1) gets fresh deep prompts.</summary>
    /// <param name="block">Block index.</param>
    /// <returns>True when a deep prompt exists for it.</returns>
    public bool HasDeepPrompt(int block) => deep_prompt_embeddings is not null && block >= 1 && block <= deep_prompt_embeddings.shape[0];

    /// <summary>The input prompt as tokens <c>[1, T, D]</c> (add: <c>[1, L, D]</c>; concat-channel: the per-patch offset
    /// <c>[1, N, D]</c>); projected and dropped out as in training mode when the module is training.</summary>
    /// <param name="backbone">Backbone (its frozen embedding maps pixel prompts to tokens).</param>
    /// <returns>A new tensor.</returns>
    internal Tensor InputTokens(IVisionBackbone backbone)
    {
        using var scope = torch.NewDisposeScope();
        Tensor tokens;
        switch (Options.Location)
        {
            case VptLocation.PrependPixel:
                {
                    // The frozen patch projection of the strip: Embed(strip) − Embed(zeros) keeps the linear patch
                    // term and drops class token, bias and position embedding (exact for a ViT's patch embedding).
                    var k = backbone.PrefixTokenCount;
                    var withPrompt = backbone.Embed(prompt_embeddings);
                    var zero = backbone.Embed(torch.zeros_like(prompt_embeddings));
                    tokens = (withPrompt - zero).narrow(1, k, withPrompt.shape[1] - k);
                    break;
                }
            case VptLocation.ConcatChannel:
                tokens = prompt_channel_proj!.forward(prompt_embeddings).flatten(2).transpose(1, 2);
                break;
            default:
                tokens = Project(prompt_embeddings);
                break;
        }
        return prompt_dropout.forward(tokens).MoveToOuterDisposeScope();
    }

    /// <summary>The deep prompt of block <paramref name="block"/> (≥ 1) as <c>[1, T, D]</c>.</summary>
    /// <param name="block">Block index with <see cref="HasDeepPrompt"/>.</param>
    /// <returns>A new tensor.</returns>
    internal Tensor DeepTokens(int block)
    {
        using var scope = torch.NewDisposeScope();
        var raw = deep_prompt_embeddings![block - 1].unsqueeze(0);
        return prompt_dropout.forward(Project(raw)).MoveToOuterDisposeScope();
    }

    /// <summary>Number of blocks with a deep prompt (blocks 1…n); 0 for a shallow task.</summary>
    internal int DeepBlockCount => deep_prompt_embeddings is null ? 0 : (int)deep_prompt_embeddings.shape[0];

    /// <summary>Every block's deep prompt at once as <c>[n, T, D]</c> (row <c>b − 1</c> is block <c>b</c>'s prompt), for
    /// inference: with dropout off (eval mode) row <c>b − 1</c> equals <see cref="DeepTokens"/> of block <c>b</c>.</summary>
    /// <returns>A new tensor.</returns>
    internal Tensor AllDeepTokens()
    {
        using var scope = torch.NewDisposeScope();
        return prompt_dropout.forward(Project(deep_prompt_embeddings!)).MoveToOuterDisposeScope();
    }

    private Tensor Project(Tensor raw) => prompt_proj is null ? raw.alias() : prompt_proj.forward(raw);
}
