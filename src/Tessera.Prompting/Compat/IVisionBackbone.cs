// TEMPORARY: the backbone contract (briefs/backbone-contract.md) until branch arch-backbones lands in Tessera.Nn;
// this folder is deleted by the merge that brings the real Tessera.Nn.Models.IVisionBackbone.
using static TorchSharp.torch;

namespace Tessera.Prompting.Compat;

/// <summary>A transformer image tower with public stages (stand-in for Tessera.Nn's contract).</summary>
public interface IVisionBackbone
{
    /// <summary>Token width D.</summary>
    int Width { get; }

    /// <summary>Number of blocks.</summary>
    int Depth { get; }

    /// <summary>Patch side.</summary>
    int PatchSize { get; }

    /// <summary>Tokens before the patch tokens.</summary>
    int PrefixTokenCount { get; }

    /// <summary>Size of <see cref="Pool"/>'s output.</summary>
    int OutputDim { get; }

    /// <summary>Images → tokens (input of block 0).</summary>
    /// <param name="images">Images.</param>
    /// <returns>Tokens.</returns>
    Tensor Embed(Tensor images);

    /// <summary>One block.</summary>
    /// <param name="index">Block index.</param>
    /// <param name="tokens">Tokens.</param>
    /// <returns>Tokens.</returns>
    Tensor ForwardBlock(int index, Tensor tokens);

    /// <summary>Final norm of every token.</summary>
    /// <param name="tokens">Tokens.</param>
    /// <returns>Tokens.</returns>
    Tensor NormTokens(Tensor tokens);

    /// <summary>Block-stack output → pooled features.</summary>
    /// <param name="tokens">Tokens.</param>
    /// <returns>Features.</returns>
    Tensor Pool(Tensor tokens);
}
