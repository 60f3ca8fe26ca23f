using System.Text.Json;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Weights;
using Tessera.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Models.Clip;

public sealed class ClipModelTests
{
    private static string FixtureWeights => SharedFixtures.Get("models", "clip", "clip_tiny.safetensors");

    [Fact]
    public void StateDict_KeysEqualOpenAiReferenceKeyList()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedFixtures.Get("models", "clip", "manifest.json")));
        var expected = doc.RootElement.GetProperty("weights").GetProperty("keys").EnumerateArray().Select(e => e.GetString()!).ToList();
        var c = doc.RootElement.GetProperty("config");
        var config = new ClipConfig
        {
            EmbedDim = c.GetProperty("embed_dim").GetInt32(), ImageResolution = c.GetProperty("image_resolution").GetInt32(),
            VisionLayers = c.GetProperty("vision_layers").GetInt32(), VisionWidth = c.GetProperty("vision_width").GetInt32(),
            VisionPatchSize = c.GetProperty("vision_patch_size").GetInt32(), VisionHeads = 1,
            TransformerWidth = c.GetProperty("transformer_width").GetInt32(), TransformerHeads = 4,
            TransformerLayers = c.GetProperty("transformer_layers").GetInt32(),
        };
        using var model = new ClipModel(config);
        using var sd = StateDict.FromModule(model);

        Assert.Equal(expected.Order(StringComparer.Ordinal), sd.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FromStateDict_FixtureWeights_InfersSizesLikeBuildModel()
    {
        using var weights = CheckpointReader.Read(FixtureWeights);

        var config = ClipConfig.FromStateDict(weights, transformerHeads: 4);

        Assert.Equal((32, 64, 12, 64, 16, 1), (config.EmbedDim, config.ImageResolution, config.VisionLayers, config.VisionWidth, config.VisionPatchSize, config.VisionHeads));
        Assert.Equal((77, 49408, 32, 4, 3), (config.ContextLength, config.VocabSize, config.TransformerWidth, config.TransformerHeads, config.TransformerLayers));
    }

    /// <summary>Writes OpenAI weights in Hugging Face's CLIPModel layout, independently of the converter.</summary>
    private static StateDict ToHuggingFace(StateDict o, int visionLayers, int textLayers)
    {
        var hf = new StateDict();
        void Put(string k, Tensor t) => hf.Add(k, t.clone());
        Put("text_model.embeddings.token_embedding.weight", o["token_embedding.weight"]);
        Put("text_model.embeddings.position_embedding.weight", o["positional_embedding"]);
        Put("text_model.embeddings.position_ids", torch.arange(77).unsqueeze(0));
        Put("text_model.final_layer_norm.weight", o["ln_final.weight"]);
        Put("text_model.final_layer_norm.bias", o["ln_final.bias"]);
        Put("text_projection.weight", o["text_projection"].t());
        Put("visual_projection.weight", o["visual.proj"].t());
        Put("logit_scale", o["logit_scale"]);
        Put("vision_model.embeddings.class_embedding", o["visual.class_embedding"]);
        Put("vision_model.embeddings.patch_embedding.weight", o["visual.conv1.weight"]);
        Put("vision_model.embeddings.position_embedding.weight", o["visual.positional_embedding"]);
        Put("vision_model.pre_layrnorm.weight", o["visual.ln_pre.weight"]);
        Put("vision_model.pre_layrnorm.bias", o["visual.ln_pre.bias"]);
        Put("vision_model.post_layernorm.weight", o["visual.ln_post.weight"]);
        Put("vision_model.post_layernorm.bias", o["visual.ln_post.bias"]);
        foreach (var (tower, src, n) in new[] { ("text_model", "transformer", textLayers), ("vision_model", "visual.transformer", visionLayers) })
        {
            for (var i = 0; i < n; i++)
            {
                var s = $"{src}.resblocks.{i}.";
                var d = $"{tower}.encoder.layers.{i}.";
                foreach (var kind in new[] { "weight", "bias" })
                {
                    var inProj = o[$"{s}attn.in_proj_{kind}"];
                    var w = inProj.shape[0] / 3;
                    Put($"{d}self_attn.q_proj.{kind}", inProj.narrow(0, 0, w));
                    Put($"{d}self_attn.k_proj.{kind}", inProj.narrow(0, w, w));
                    Put($"{d}self_attn.v_proj.{kind}", inProj.narrow(0, 2 * w, w));
                    Put($"{d}self_attn.out_proj.{kind}", o[$"{s}attn.out_proj.{kind}"]);
                    Put($"{d}layer_norm1.{kind}", o[$"{s}ln_1.{kind}"]);
                    Put($"{d}layer_norm2.{kind}", o[$"{s}ln_2.{kind}"]);
                    Put($"{d}mlp.fc1.{kind}", o[$"{s}mlp.c_fc.{kind}"]);
                    Put($"{d}mlp.fc2.{kind}", o[$"{s}mlp.c_proj.{kind}"]);
                }
            }
        }
        return hf;
    }

    [Fact]
    public void ToOpenAi_HuggingFaceLayout_ReproducesOpenAiTensorsBitForBit()
    {
        using var openAi = CheckpointReader.Read(FixtureWeights);
        using var hf = ToHuggingFace(openAi, 12, 3);

        Assert.Equal(ClipCheckpointLayout.HuggingFace, ClipCheckpoint.Detect(hf));
        using var back = ClipCheckpoint.ToOpenAi(hf);

        Assert.Equal(openAi.Keys.Order(StringComparer.Ordinal), back.Keys.Order(StringComparer.Ordinal));
        foreach (var k in openAi.Keys)
        {
            using var c = back[k].contiguous();
            Assert.True(openAi[k].bytes.SequenceEqual(c.bytes), k);
        }
    }

    [Fact]
    public void ToOpenAi_ReleasedCheckpointExtras_AreDropped()
    {
        using var openAi = CheckpointReader.Read(FixtureWeights);
        using var withExtras = openAi.Alias();
        withExtras.Add("input_resolution", torch.tensor(64L));
        withExtras.Add("context_length", torch.tensor(77L));
        withExtras.Add("vocab_size", torch.tensor(49408L));

        using var model = ClipModel.FromWeights(withExtras, ClipConfig.FromStateDict(openAi, transformerHeads: 4));

        Assert.Equal(3, withExtras.Count - openAi.Count);
    }

    [Fact]
    public void FromWeights_WrongConfig_ThrowsIncompatibleWeights()
    {
        using var openAi = CheckpointReader.Read(FixtureWeights);
        var e = Assert.Throws<IncompatibleWeightsException>(() => ClipModel.FromWeights(openAi, ClipConfig.Toy));
        Assert.NotEmpty(e.Report.Mismatched);
    }

    [Fact]
    public void EncodeText_WrongLengthOrVocabulary_ThrowsNamingTokens()
    {
        using var model = new ClipModel(ClipConfig.Toy);
        using var shortTokens = torch.zeros(1, 10, ScalarType.Int64);
        using var badId = torch.full(1, 77, 49408L, ScalarType.Int64);
        Assert.Equal("tokens", Assert.Throws<TesseraArgumentException>(() => model.EncodeText(shortTokens)).ParamName);
        Assert.Equal("tokens", Assert.Throws<TesseraArgumentException>(() => model.EncodeText(badId)).ParamName);
    }

    [Fact]
    public void InitializeParameters_SameSeed_SameLogits_Shapes()
    {
        using var a = new ClipModel(ClipConfig.Toy);
        using var b = new ClipModel(ClipConfig.Toy);
        a.InitializeParameters(7);
        b.InitializeParameters(7);
        a.eval();
        b.eval();
        using var noGrad = torch.no_grad();
        using var images = torch.randn(2, 3, 32, 32);
        var ids = new long[3 * 77];
        for (var t = 0; t < 3; t++) { ids[t * 77] = 49406; ids[(t * 77) + 1] = 320 + t; ids[(t * 77) + 2] = 49407; }
        using var tokens = torch.tensor(ids, [3, 77]);

        using var la = a.forward(images, tokens);
        using var lb = b.forward(images, tokens);

        Assert.Equal([2L, 3L], la.shape);
        Assert.True(la.eq(lb).all().item<bool>());
    }

    [Fact]
    public void Causality_TextFeatures_IgnoreTokensAfterEndOfText()
    {
        using var model = new ClipModel(ClipConfig.Toy);
        model.InitializeParameters(1);
        model.eval();
        using var noGrad = torch.no_grad();
        var ids = new long[77];
        ids[0] = 49406; ids[1] = 1000; ids[2] = 49407;
        using var a = torch.tensor(ids, [1, 77]);
        ids[5] = 1234;
        using var b = torch.tensor(ids, [1, 77]);

        using var fa = model.EncodeText(a);
        using var fb = model.EncodeText(b);

        Assert.True(fa.eq(fb).all().item<bool>());
    }
}
