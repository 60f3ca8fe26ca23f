using Tessera.Nn.Models;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Vit;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Models;

/// <summary>The tiny ViT and CLIP image towers as <see cref="IVisionBackbone"/>s, seeded, in eval mode.</summary>
internal static class TinyBackbones
{
    public static TheoryData<string> Names() => ["vit", "clip"];

    public static IVisionBackbone Create(string name, long seed = 7)
    {
        torch.manual_seed(seed);
        nn.Module module = name switch
        {
            "vit" => new VisionTransformer(VitConfig.Tiny),
            "clip" => new ClipVisionTransformer(ClipConfig.Toy),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        module.eval();
        return (IVisionBackbone)module;
    }

    /// <summary>The module's own forward (ViT: its head on the pooled features; CLIP: encode_image).</summary>
    public static Tensor ModuleForward(IVisionBackbone backbone, Tensor images) => backbone switch
    {
        VisionTransformer vit => vit.forward(images),
        ClipVisionTransformer clip => clip.forward(images),
        _ => throw new ArgumentOutOfRangeException(nameof(backbone)),
    };

    /// <summary>Runs blocks [from, to) by hand.</summary>
    public static Tensor RunBlocks(IVisionBackbone backbone, Tensor tokens, int from, int to)
    {
        var x = tokens.alias();
        for (var i = from; i < to; i++)
        {
            var next = backbone.ForwardBlock(i, x);
            x.Dispose();
            x = next;
        }
        return x;
    }

    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static void Dispose(IVisionBackbone backbone) => ((IDisposable)backbone).Dispose();
}
