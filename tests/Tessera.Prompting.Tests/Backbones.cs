using Tessera.Nn.Models;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Vit;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tests;

/// <summary>Small seeded backbones of several sizes (not the fixture's) and a recording decorator.</summary>
internal static class Backbones
{
    public static VisionTransformer Vit(int width = 32, int depth = 3, int heads = 2, int image = 32, int patch = 8, long seed = 11)
    {
        torch.manual_seed(seed);
        var vit = new VisionTransformer(new VitConfig { ImageSize = image, PatchSize = patch, Width = width, Depth = depth, Heads = heads, NumClasses = 0 });
        vit.eval();
        return vit;
    }

    public static ClipVisionTransformer ClipVisual(long seed = 13)
    {
        torch.manual_seed(seed);
        var visual = new ClipVisionTransformer(ClipConfig.Tiny);
        visual.eval();
        return visual;
    }

    public static Tensor Images(int batch, int size = 32, long seed = 3) => torch.randn([batch, 3, size, size], generator: new Generator((ulong)seed));
}

/// <summary>Records the input of every block call of an inner backbone.</summary>
internal sealed class RecordingBackbone(IVisionBackbone inner) : IVisionBackbone
{
    public List<(int Block, Tensor Input)> Calls { get; } = [];
    public int Width => inner.Width;
    public int Depth => inner.Depth;
    public int PatchSize => inner.PatchSize;
    public int PrefixTokenCount => inner.PrefixTokenCount;
    public int OutputDim => inner.OutputDim;
    public Tensor Embed(Tensor images) => inner.Embed(images);
    public Tensor ForwardBlock(int index, Tensor tokens)
    {
        Calls.Add((index, tokens.detach().clone().DetachFromDisposeScope()));
        return inner.ForwardBlock(index, tokens);
    }
    public Tensor NormTokens(Tensor tokens) => inner.NormTokens(tokens);
    public Tensor Pool(Tensor tokens) => inner.Pool(tokens);
    public BackboneActivations Forward(Tensor images, IReadOnlyCollection<int>? blocks = null) => inner.Forward(images, blocks);
}
