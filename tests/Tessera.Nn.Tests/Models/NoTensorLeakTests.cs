using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Vit;
using TorchSharp;

namespace Tessera.Nn.Tests.Models;

/// <summary>Public model entry points leave no live tensors behind besides their results.</summary>
public sealed class NoTensorLeakTests
{
    private static long Live => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    [Fact]
    public void ClipForwardAndEncoders_Repeated_LiveTensorCountFlat()
    {
        using var model = new ClipModel(ClipConfig.Toy);
        model.eval();
        using var noGrad = torch.no_grad();
        using var images = torch.randn(2, 3, 32, 32);
        var ids = new long[77];
        ids[0] = 49406; ids[1] = 500; ids[2] = 49407;
        using var tokens = torch.tensor(ids, [1, 77]);
        void Once()
        {
            using var logits = model.forward(images, tokens);
            using var text = model.EncodeText(tokens);
            using var activations = model.Visual.Forward(images, [0, 1]);
            using var embeddings = model.EmbedTokens(tokens);
            using var eot = tokens.argmax(-1);
            using var textActivations = model.ForwardText(embeddings, eot, [1]);
            using var projected = model.Visual.ProjectTokens(activations.Tokens);
        }
        Once();
        var before = Live;

        for (var i = 0; i < 5; i++) { Once(); }

        Assert.Equal(before, Live);
    }

    [Fact]
    public void VitForward_Repeated_LiveTensorCountFlat()
    {
        using var model = new VisionTransformer(VitConfig.Tiny);
        model.eval();
        using var noGrad = torch.no_grad();
        using var images = torch.randn(1, 3, 40, 32);
        void Once()
        {
            using var logits = model.forward(images);
            using var features = model.Forward(images, [0]);
        }
        Once();
        var before = Live;

        for (var i = 0; i < 5; i++) { Once(); }

        Assert.Equal(before, Live);
    }
}
