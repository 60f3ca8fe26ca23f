using Tessera.Nn.Models.Clip;
using TorchSharp;

namespace Tessera.Nn.Tests.Models.Clip;

public sealed class ClipVisionStagesTests
{
    [Fact]
    public void ProjectTokens_EveryTokenLnPostThenProj_TokenZeroIsPooled()
    {
        torch.manual_seed(3);
        using var visual = new ClipVisionTransformer(ClipConfig.Toy);
        visual.eval();
        using var noGrad = torch.no_grad();
        using var images = torch.randn(2, 3, 32, 32);
        var proj = visual.named_parameters().Single(p => p.name == "proj").parameter;

        using var activations = visual.Forward(images, [visual.Depth - 1]);
        using var projected = visual.ProjectTokens(activations.Blocks[visual.Depth - 1]);
        using var expected = activations.Tokens.matmul(proj);
        using var token0 = projected.select(1, 0);

        Assert.Equal([2L, 17L, 32L], projected.shape);
        Assert.True(projected.eq(expected).all().item<bool>());
        Assert.True(token0.allclose(activations.Pooled, rtol: 1e-5, atol: 1e-6));
        Assert.Equal((64, 2, 8, 1, 32), (visual.Width, visual.Depth, visual.PatchSize, visual.PrefixTokenCount, visual.OutputDim));
    }
}
