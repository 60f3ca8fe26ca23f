// TEMPORARY adapters over the current Tessera.Nn models (see IVisionBackbone.cs); deleted when arch-backbones lands.
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Vit;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Compat;

/// <summary>Wraps models as <see cref="IVisionBackbone"/>.</summary>
public static class Stages
{
    /// <summary>The ViT's stages.</summary>
    /// <param name="vit">The model.</param>
    /// <returns>The stages.</returns>
    public static IVisionBackbone Of(VisionTransformer vit) => new VitStages(vit);

    /// <summary>The CLIP image tower's stages.</summary>
    /// <param name="visual">The tower.</param>
    /// <returns>The stages.</returns>
    public static IVisionBackbone Of(ClipVisionTransformer visual) => new ClipStages(visual);

    /// <summary>Token embeddings of ids (no positional embedding).</summary>
    /// <param name="clip">The model.</param>
    /// <param name="ids">Ids [B, L].</param>
    /// <returns>[B, L, W].</returns>
    public static Tensor EmbedTokens(this ClipModel clip, Tensor ids)
    {
        var weight = clip.named_parameters().First(p => p.name == "token_embedding.weight").parameter;
        return weight.index_select(0, ids.to(ScalarType.Int64).flatten()).reshape(ids.shape[0], ids.shape[1], -1);
    }

    /// <summary>Text features from token embeddings.</summary>
    /// <param name="clip">The model.</param>
    /// <param name="embeddings">[B, L, W].</param>
    /// <param name="eotIndex">[B] int64.</param>
    /// <returns>[B, embed_dim].</returns>
    public static Tensor EncodeTextEmbeddings(this ClipModel clip, Tensor embeddings, Tensor eotIndex)
    {
        using var scope = torch.NewDisposeScope();
        var p = clip.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        var m = clip.named_children().ToDictionary(x => x.name, x => x.module);
        var x = embeddings + p["positional_embedding"];
        x = ((nn.Module<Tensor, Tensor>)m["transformer"]).forward(x);
        x = ((nn.Module<Tensor, Tensor>)m["ln_final"]).forward(x);
        var idx = eotIndex.to(ScalarType.Int64).reshape(-1, 1, 1).expand(-1, 1, x.shape[2]);
        return x.gather(1, idx).squeeze(1).matmul(p["text_projection"]).MoveToOuterDisposeScope();
    }

    private sealed class VitStages(VisionTransformer vit) : IVisionBackbone
    {
        private readonly Dictionary<string, Tensor> _p = vit.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        private readonly Dictionary<string, nn.Module> _m = vit.named_modules().ToDictionary(x => x.name, x => x.module);

        public int Width => vit.Config.Width;
        public int Depth => vit.Config.Depth;
        public int PatchSize => vit.Config.PatchSize;
        public int PrefixTokenCount => 1;
        public int OutputDim => vit.Config.Width;

        public Tensor Embed(Tensor images)
        {
            using var scope = torch.NewDisposeScope();
            var x = ((nn.Module<Tensor, Tensor>)_m["patch_embed"]).forward(images);
            x = torch.cat([_p["cls_token"].expand(x.shape[0], -1, -1), x], 1);
            return (x + _p["pos_embed"]).MoveToOuterDisposeScope();
        }

        public Tensor ForwardBlock(int index, Tensor tokens) => ((nn.Module<Tensor, Tensor>)_m[$"blocks.{index}"]).forward(tokens);
        public Tensor NormTokens(Tensor tokens) => ((nn.Module<Tensor, Tensor>)_m["norm"]).forward(tokens);
        public Tensor Pool(Tensor tokens)
        {
            using var n = NormTokens(tokens);
            return n.select(1, 0).clone();
        }
    }

    private sealed class ClipStages(ClipVisionTransformer visual) : IVisionBackbone
    {
        private readonly Dictionary<string, Tensor> _p = visual.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        private readonly Dictionary<string, nn.Module> _m = visual.named_modules().ToDictionary(x => x.name, x => x.module);

        public int Width => (int)_p["class_embedding"].shape[0];
        public int Depth => _m.Keys.Count(k => k.StartsWith("transformer.resblocks.", StringComparison.Ordinal) && k.Count(c => c == '.') == 2);
        public int PatchSize => (int)_p["conv1.weight"].shape[^1];
        public int PrefixTokenCount => 1;
        public int OutputDim => (int)_p["proj"].shape[1];

        public Tensor Embed(Tensor images)
        {
            using var scope = torch.NewDisposeScope();
            var x = ((TorchSharp.Modules.Conv2d)_m["conv1"]).forward(images).flatten(2).transpose(1, 2);
            var cls = _p["class_embedding"].reshape(1, 1, -1).expand(x.shape[0], 1, -1);
            x = torch.cat([cls, x], 1) + _p["positional_embedding"];
            return ((nn.Module<Tensor, Tensor>)_m["ln_pre"]).forward(x).MoveToOuterDisposeScope();
        }

        public Tensor ForwardBlock(int index, Tensor tokens) => ((nn.Module<Tensor, Tensor>)_m[$"transformer.resblocks.{index}"]).forward(tokens);
        public Tensor NormTokens(Tensor tokens) => ((nn.Module<Tensor, Tensor>)_m["ln_post"]).forward(tokens);
        public Tensor Pool(Tensor tokens)
        {
            using var scope = torch.NewDisposeScope();
            return NormTokens(tokens.select(1, 0)).matmul(_p["proj"]).MoveToOuterDisposeScope();
        }
    }
}
