using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Training;
using Tessera.Prompting.Methods;
using Tessera.Prompting.Tasks;
using Tessera.Prompting.Training;
using Tessera.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tests.Methods;

public sealed class PromptTaskTests : IDisposable
{
    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() => ClipTokenizer.FromFile(SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz")));
    private static readonly string[] Names = ["dark", "bright"];
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-prompt-methods").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ClipModel Clip(long seed)
    {
        var clip = new ClipModel(ClipConfig.Tiny with { ImageResolution = 32, VisionPatchSize = 8 });
        clip.InitializeParameters(seed);
        clip.eval();
        return clip;
    }

    /// <summary>Two classes that differ by the brightness of the top half.</summary>
    private static (Tensor Images, Tensor Labels) Data(int n, long seed)
    {
        var images = torch.randn([n, 3, 32, 32], generator: new Generator((ulong)seed)) * 0.3;
        var labels = torch.arange(n) % 2;
        images[.., .., ..16, ..] += (labels.to(ScalarType.Float32) * 2 - 1).reshape(n, 1, 1, 1);
        return (images, labels);
    }

    private static PromptBackbone Backbone(PromptMethod method, long seed = 11) => PromptMethods.UsesClip(method)
        ? PromptBackbone.FromClip(Clip(seed), Tokenizer.Value, $"clip-{seed}", owns: true)
        : PromptBackbone.FromVit(Backbones.Vit(depth: 2, seed: seed), $"vit-{seed}", owns: true);

    public static TheoryData<string> Trained => [.. PromptMethods.TrainedNames];

    [Theory]
    [MemberData(nameof(Trained))]
    public void TrainSaveLoad_EveryMethod_StoresExactlyWhatTrainsAndReloadsTheSameLogits(string name)
    {
        var method = PromptMethods.Parse(name);
        using var backbone = Backbone(method);
        var frozenBefore = StateOf(backbone);
        using var task = PromptTask.Create(method, backbone, Names, new PromptMethodOptions { Tokens = 2, PromptSize = 3 }, seed: 5);
        var (images, labels) = Data(8, 4);
        var trainableBefore = task.Model.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.detach().clone());

        PromptTraining.Train(task.Model, images, labels, new TrainerOptions { LearningRate = PromptMethods.DefaultLearningRate(method), Epochs = 2, Seed = 1 }, batchSize: 4);
        var path = Path.Combine(_dir, name + ".safetensors");
        var budget = task.Save(path);

        // What trained changed, and it is exactly what the file holds.
        Assert.Equal(task.TrainableCount, budget.Stored);
        Assert.Contains(trainableBefore, kv => !TensorAssert.Same(kv.Value, task.Model.named_parameters().Single(p => p.name == kv.Key).parameter));
        var (config, weights, fingerprint) = PromptTaskFile.Read(path);
        using (weights)
        {
            Assert.Equal(trainableBefore.Keys.Order(), weights.Keys.Order());
        }
        Assert.Equal(backbone.Fingerprint, fingerprint);
        Assert.Equal(method, PromptTask.MethodOf(config, path));
        // Frozen methods leave the backbone untouched.
        if (!PromptMethods.TrainsBackbone(method))
        {
            Assert.All(StateOf(backbone), kv => Assert.True(TensorAssert.Same(kv.Value, frozenBefore[kv.Key]), kv.Key));
        }

        // Reload onto a fresh copy of the pretrained backbone: same logits (random patches replay the same draws from the same seed).
        using var fresh = Backbone(method);
        using var loaded = PromptTask.Load(path, fresh);
        using var noGrad = torch.no_grad();
        task.Model.eval();
        loaded.Model.eval();
        if (method == PromptMethod.RandomPatch)
        {
            Assert.Equal(task.StoredWeights().Keys, loaded.StoredWeights().Keys);
        }
        else
        {
            Assert.True(TensorAssert.Close(task.Model.forward(images), loaded.Model.forward(images), 1e-5), name);
        }
    }

    [Theory]
    [InlineData("bitfit")]
    [InlineData("full")]
    [InlineData("linear")]
    public void Baselines_TrainableSetsFollowTheMethod(string name)
    {
        var method = PromptMethods.Parse(name);
        using var backbone = Backbone(method);
        using var task = PromptTask.Create(method, backbone, Names);
        var trainable = task.Model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        var vitValues = backbone.Vit!.named_parameters().Where(p => !p.name.StartsWith("head.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        var biasValues = backbone.Vit.named_parameters().Where(p => p.name.EndsWith("bias", StringComparison.Ordinal) && !p.name.StartsWith("head.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        var head = (backbone.Vit.Width * 2) + 2;
        switch (method)
        {
            case PromptMethod.Linear:
                Assert.Equal(["head.last_layer.weight", "head.last_layer.bias"], trainable);
                Assert.Equal(head, task.TrainableCount);
                break;
            case PromptMethod.BitFit:
                Assert.All(trainable, n => Assert.True(n.StartsWith("head.", StringComparison.Ordinal) || n.EndsWith("bias", StringComparison.Ordinal), n));
                Assert.Equal(biasValues + head, task.TrainableCount);
                break;
            default:
                Assert.Equal(vitValues + head, task.TrainableCount);
                break;
        }
    }

    [Fact]
    public void Load_OtherBackbone_RefusedNamingBoth()
    {
        using var backbone = Backbone(PromptMethod.Coop, seed: 1);
        using var task = PromptTask.Create(PromptMethod.Coop, backbone, Names, new PromptMethodOptions { Tokens = 2 });
        var path = Path.Combine(_dir, "coop.safetensors");
        task.Save(path);
        using var other = Backbone(PromptMethod.Coop, seed: 2);

        var e = Assert.Throws<TesseraArgumentException>(() => PromptTask.Load(path, other));

        Assert.Contains("clip-2", e.Message, StringComparison.Ordinal);
        Assert.Contains(backbone.Fingerprint.Hash, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ClipMethodOnAVit_RefusedNamingTheMethod()
    {
        using var vit = Backbone(PromptMethod.Linear);
        var e = Assert.Throws<TesseraArgumentException>(() => PromptTask.Create(PromptMethod.Pad, vit, Names));
        Assert.Contains("pad", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroShot_IsTheClipScoreOfTheTemplateTexts_AndIsNotStored()
    {
        using var backbone = Backbone(PromptMethod.ZeroShot);
        using var task = PromptTask.Create(PromptMethod.ZeroShot, backbone, Names, new PromptMethodOptions { Template = "a {} photo" });
        using var images = Backbones.Images(3);
        using var noGrad = torch.no_grad();
        using var ids = Tessera.Nn.Tensors.ImageTensors.ToTensor(Tokenizer.Value.Tokenize(["a dark photo", "a bright photo"], 77, truncate: true)).to(ScalarType.Int64);
        using var expected = backbone.Clip!.Logits(backbone.Clip.EncodeImage(images), backbone.Clip.EncodeText(ids));

        Assert.True(TensorAssert.Close(expected, task.Model.forward(images), 1e-5));
        Assert.Equal(0, task.TrainableCount);
        Assert.Throws<TesseraArgumentException>(() => task.Save(Path.Combine(_dir, "zs.safetensors")));
    }

    private static Dictionary<string, Tensor> StateOf(PromptBackbone b) =>
        ((nn.Module?)b.Vit ?? b.Clip!).named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
