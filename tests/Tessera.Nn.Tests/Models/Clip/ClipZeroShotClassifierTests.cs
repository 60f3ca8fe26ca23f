using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using Tessera.TestSupport;
using TorchSharp;

namespace Tessera.Nn.Tests.Models.Clip;

public sealed class ClipZeroShotClassifierTests
{
    private static readonly Lazy<ClipTokenizer> Tokenizer =
        new(() => ClipTokenizer.FromFile(SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz")));

    private static Image Gradient() => Image.FromPixels<byte>(Enumerable.Range(0, 40 * 50 * 3).Select(i => (byte)(i % 256)).ToArray(), 40, 50, 3);

    [Fact]
    public void Classify_FixtureModel_EqualsSoftmaxOfModelForward()
    {
        using var weights = CheckpointReader.Read(SharedFixtures.Get("models", "clip", "clip_tiny.safetensors"));
        using var model = ClipModel.FromWeights(weights, ClipConfig.FromStateDict(weights, transformerHeads: 4));
        var labels = new[] { "a cat", "a dog" };
        var image = Gradient();

        var scores = new ClipZeroShotClassifier(model, Tokenizer.Value).Classify(image, labels, "a photo of {}");

        using var noGrad = torch.no_grad();
        using var pixels = ImageTensors.ToTensor(ClipPreprocess.Apply(image, model.Config)).unsqueeze(0);
        using var tokens = ImageTensors.ToTensor(Tokenizer.Value.Tokenize(["a photo of a cat", "a photo of a dog"]));
        using var logits = model.forward(pixels, tokens);
        using var probs = logits.softmax(-1);
        Assert.Equal(["a photo of a cat", "a photo of a dog"], scores.Select(s => s.Prompt));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(probs[0, i].item<float>(), scores[i].Probability, 6);
            Assert.Equal(logits[0, i].item<float>(), scores[i].Logit, 5);
        }
    }

    [Fact]
    public void Classify_BadLabelsOrTemplate_ThrowNamingArgument()
    {
        using var model = new ClipModel(ClipConfig.Toy);
        var classifier = new ClipZeroShotClassifier(model, Tokenizer.Value);
        Assert.Equal("labels", Assert.Throws<TesseraArgumentException>(() => classifier.Classify(Gradient(), [])).ParamName);
        Assert.Equal("labels", Assert.Throws<TesseraArgumentException>(() => classifier.Classify(Gradient(), ["a", " "])).ParamName);
        Assert.Equal("template", Assert.Throws<TesseraArgumentException>(() => classifier.Classify(Gradient(), ["a"], "no slot")).ParamName);
    }
}
