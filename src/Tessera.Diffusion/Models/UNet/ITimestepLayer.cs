using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>A layer whose forward also takes the timestep embedding (the reference's <c>TimestepBlock</c>).</summary>
internal interface ITimestepLayer
{
    /// <summary>Applies the layer to x given the embedding [N, E].</summary>
    Tensor Forward(Tensor x, Tensor emb);
}
