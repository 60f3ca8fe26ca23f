using static TorchSharp.torch;

namespace Tessera.Prompting.Tests;

internal static class TensorAssert
{
    /// <summary>Same shape and every element bitwise equal.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) { return false; }
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}
