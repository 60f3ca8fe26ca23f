using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Layers;

/// <summary>Applies an <see cref="Activation"/>.</summary>
internal static class Activations
{
    public static Tensor Apply(Activation activation, Tensor x)
    {
        if (activation == Activation.Gelu) { return nn.functional.gelu(x); }
        using var scaled = x * 1.702f;
        using var gate = torch.sigmoid(scaled);
        return x * gate;
    }
}
