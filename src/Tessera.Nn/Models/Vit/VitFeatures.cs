using static TorchSharp.torch;

namespace Tessera.Nn.Models.Vit;

/// <summary>Tokens of a ViT forward pass (batch-first, token 0 = class token, then patches row-major).</summary>
/// <param name="Tokens">Final tokens after <c>norm</c>, <c>[B, 1 + N, C]</c>.</param>
/// <param name="LayerTokens">Output of each requested block (before the final norm), in block order; empty unless requested.</param>
public sealed record VitFeatures(Tensor Tokens, IReadOnlyList<Tensor> LayerTokens) : IDisposable
{
    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Tokens.Dispose();
        foreach (var t in LayerTokens) { t.Dispose(); }
    }
}
