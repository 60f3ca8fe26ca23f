using Tessera.Nn.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>Reads block outputs and the pooled embedding of CLIP's image tower in one forward (through the backbone's
/// activations API, <see cref="ClipVisionTransformer.Forward"/>).</summary>
internal static class ClipVisionTaps
{
    /// <summary>Runs every block; returns the projected class token <c>[B, E]</c> and the outputs of
    /// <paramref name="layers"/> (batch-first <c>[B, T, W]</c>, in the order given). The caller owns the tensors.</summary>
    public static (Tensor Pooled, Tensor[] Blocks) Run(ClipVisionTransformer visual, Tensor images, IReadOnlyList<int> layers)
    {
        using var scope = torch.NewDisposeScope();
        using var acts = visual.Forward(images, layers.Distinct().ToList());
        var pooled = acts.Pooled.alias().MoveToOuterDisposeScope();
        var blocks = layers.Select(l => acts.Block(l).alias().MoveToOuterDisposeScope()).ToArray();
        return (pooled, blocks);
    }
}
