using Tessera.Core.Errors;
using Tessera.Nn.Models;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Catalogue;

/// <summary>
/// Every backbone (tiny ViT, tiny CLIP image tower) through <see cref="IVisionBackbone"/>: the stages compose to the
/// module's forward, the activations API returns what the stages compute, and tokens can be inserted before any block.
/// </summary>
public sealed class BackboneTheories
{
    public static TheoryData<string> Names() => TinyBackbones.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Stages_EmbedBlocksPool_EqualModuleForwardExactly(string name)
    {
        var backbone = TinyBackbones.Create(name);
        try
        {
            using var noGrad = torch.no_grad();
            using var images = torch.randn(2, 3, 32, 32);

            using var embedded = backbone.Embed(images);
            using var last = TinyBackbones.RunBlocks(backbone, embedded, 0, backbone.Depth);
            using var pooled = backbone.Pool(last);
            using var byStages = backbone is VisionTransformer vit ? vit.ForwardHead(pooled) : pooled.alias();
            using var byModule = TinyBackbones.ModuleForward(backbone, images);

            Assert.Equal([2L, 1L + 16L, backbone.Width], embedded.shape);
            Assert.Equal([2L, backbone.OutputDim], pooled.shape);
            Assert.True(TinyBackbones.Same(byStages, byModule));
        }
        finally { TinyBackbones.Dispose(backbone); }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_RequestedBlocks_EqualStagesRunByHand(string name)
    {
        var backbone = TinyBackbones.Create(name);
        try
        {
            using var noGrad = torch.no_grad();
            using var images = torch.randn(2, 3, 32, 32);

            using var activations = backbone.Forward(images, [1, 0, 1]);
            using var embedded = backbone.Embed(images);
            using var block0 = backbone.ForwardBlock(0, embedded);
            using var block1 = backbone.ForwardBlock(1, block0);
            using var tokens = backbone.NormTokens(block1);
            using var pooled = backbone.Pool(block1);

            Assert.Equal([0, 1], activations.Blocks.Keys);
            Assert.True(TinyBackbones.Same(activations.Embedded, embedded));
            Assert.True(TinyBackbones.Same(activations.Block(0), block0));
            Assert.True(TinyBackbones.Same(activations.Blocks[1], block1));
            Assert.True(TinyBackbones.Same(activations.Tokens, tokens));
            Assert.True(TinyBackbones.Same(activations.Pooled, pooled));
            Assert.Equal("index", Assert.Throws<TesseraArgumentException>(() => activations.Block(5)).ParamName);
        }
        finally { TinyBackbones.Dispose(backbone); }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_NoBlocksRequested_KeepsNone_PooledEqualsModule(string name)
    {
        var backbone = TinyBackbones.Create(name);
        try
        {
            using var noGrad = torch.no_grad();
            using var images = torch.randn(1, 3, 48, 40);

            using var activations = backbone.Forward(images);
            using var again = backbone.Forward(images, []);

            Assert.Empty(activations.Blocks);
            Assert.Empty(again.Blocks);
            Assert.Equal([1L, 1L + (6 * 5), backbone.Width], activations.Tokens.shape);
            Assert.True(TinyBackbones.Same(activations.Pooled, again.Pooled));
        }
        finally { TinyBackbones.Dispose(backbone); }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void InsertTokensAfterClassToken_BeforeBlockK_ChangesOutputOnlyWhenInserted(string name)
    {
        var backbone = TinyBackbones.Create(name);
        try
        {
            using var noGrad = torch.no_grad();
            using var images = torch.randn(2, 3, 32, 32);
            using var plain = backbone.Forward(images);
            var n = plain.Embedded.shape[1] - backbone.PrefixTokenCount;
            for (var k = 0; k < backbone.Depth; k++)
            {
                foreach (var p in new[] { 0, 3 })
                {
                    using var scope = torch.NewDisposeScope();
                    var x = TinyBackbones.RunBlocks(backbone, backbone.Embed(images), 0, k);
                    var prompts = torch.randn(2, p, backbone.Width);
                    x = torch.cat([x.narrow(1, 0, backbone.PrefixTokenCount), prompts, x.narrow(1, backbone.PrefixTokenCount, n)], 1);
                    Assert.Equal([2L, 1 + p + n, backbone.Width], x.shape);
                    var last = TinyBackbones.RunBlocks(backbone, x, k, backbone.Depth);
                    Assert.Equal([2L, 1 + p + n, backbone.Width], last.shape);
                    Assert.Equal([2L, 1 + p + n, backbone.Width], backbone.NormTokens(last).shape);
                    var pooled = backbone.Pool(last);

                    Assert.Equal(p == 0, TinyBackbones.Same(pooled, plain.Pooled));
                }
            }
        }
        finally { TinyBackbones.Dispose(backbone); }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void VptDeepLoop_ReplacesPromptsBeforeEachBlock_GradientsReachPromptsOnly(string name)
    {
        var backbone = TinyBackbones.Create(name);
        try
        {
            foreach (var parameter in ((nn.Module)backbone).parameters()) { parameter.requires_grad = false; }
            const int P = 2;
            using var prompts = torch.randn(backbone.Depth, P, backbone.Width).requires_grad_(true);
            using var images = torch.randn(2, 3, 32, 32);
            using var scope = torch.NewDisposeScope();

            var x = backbone.Embed(images);
            var n = x.shape[1] - backbone.PrefixTokenCount;
            for (var i = 0; i < backbone.Depth; i++)
            {
                var deep = prompts[i].expand(2, -1, -1);
                var patches = x.narrow(1, x.shape[1] - n, n); // drops the previous block's prompt outputs (VPT-deep)
                x = backbone.ForwardBlock(i, torch.cat([x.narrow(1, 0, backbone.PrefixTokenCount), deep, patches], 1));
                Assert.Equal([2L, 1 + P + n, backbone.Width], x.shape);
            }
            var pooled = backbone.Pool(x);
            pooled.square().sum().backward();

            Assert.NotNull(prompts.grad);
            Assert.True(prompts.grad!.abs().sum().item<float>() > 0);
            for (var i = 0; i < backbone.Depth; i++) { Assert.True(prompts.grad[i].abs().sum().item<float>() > 0, $"no gradient for layer {i}"); }
            Assert.All(((nn.Module)backbone).parameters(), parameter => Assert.Null(parameter.grad));
        }
        finally { TinyBackbones.Dispose(backbone); }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BadBlockIndicesOrTokens_ThrowNamingArgument(string name)
    {
        var backbone = TinyBackbones.Create(name);
        try
        {
            using var images = torch.zeros(1, 3, 32, 32);
            using var tokens = torch.zeros(1, 17, backbone.Width);
            using var wrongWidth = torch.zeros(1, 17, backbone.Width + 1);

            Assert.Equal("blocks", Assert.Throws<TesseraArgumentException>(() => backbone.Forward(images, [backbone.Depth])).ParamName);
            Assert.Equal("blocks", Assert.Throws<TesseraArgumentException>(() => backbone.Forward(images, [0, -1])).ParamName);
            Assert.Equal("index", Assert.Throws<TesseraArgumentException>(() => backbone.ForwardBlock(backbone.Depth, tokens)).ParamName);
            Assert.Equal("index", Assert.Throws<TesseraArgumentException>(() => backbone.ForwardBlock(-1, tokens)).ParamName);
            Assert.Equal("tokens", Assert.Throws<TesseraArgumentException>(() => backbone.ForwardBlock(0, wrongWidth)).ParamName);
            Assert.Equal("tokens", Assert.Throws<TesseraArgumentException>(() => backbone.Pool(wrongWidth)).ParamName);
            Assert.Equal("tokens", Assert.Throws<TesseraArgumentException>(() => backbone.NormTokens(images)).ParamName);
            Assert.Equal("images", Assert.Throws<TesseraArgumentException>(() => backbone.Embed(tokens)).ParamName);
            using var odd = torch.zeros(1, 3, 30, 32);
            Assert.Equal("images", Assert.Throws<TesseraArgumentException>(() => backbone.Forward(odd)).ParamName);
        }
        finally { TinyBackbones.Dispose(backbone); }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Stages_InputsUntouched_ActivationsDisposeEveryTensor(string name)
    {
        var backbone = TinyBackbones.Create(name);
        try
        {
            using var noGrad = torch.no_grad();
            using var images = torch.randn(1, 3, 32, 32);
            using var copy = images.clone();
            var activations = backbone.Forward(images, [0, 1]);
            var held = activations.Blocks.Values.Append(activations.Embedded).Append(activations.Tokens).Append(activations.Pooled).ToList();

            activations.Dispose();

            Assert.True(images.eq(copy).all().item<bool>());
            Assert.All(held, t => Assert.True(t.IsInvalid));
        }
        finally { TinyBackbones.Dispose(backbone); }
    }
}
