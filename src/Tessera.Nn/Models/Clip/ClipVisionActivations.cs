using static TorchSharp.torch;

namespace Tessera.Nn.Models.Clip;

/// <summary>Intermediate tokens of the CLIP image tower (batch-first; token 0 is the class token, then patches row-major).</summary>
/// <param name="LnPreTokens">Tokens after <c>ln_pre</c>, <c>[B, 1 + grid², width]</c>.</param>
/// <param name="BlockOutputs">Output of each residual block, <c>[B, 1 + grid², width]</c> each.</param>
/// <param name="Features">Projected class token (<c>encode_image</c>), <c>[B, embed_dim]</c>.</param>
public sealed record ClipVisionActivations(Tensor LnPreTokens, IReadOnlyList<Tensor> BlockOutputs, Tensor Features) : IDisposable
{
    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        LnPreTokens.Dispose();
        foreach (var t in BlockOutputs) { t.Dispose(); }
        Features.Dispose();
    }
}
