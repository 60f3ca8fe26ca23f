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

    /// <summary>Same shape and every element within <paramref name="tolerance"/>.</summary>
    public static bool Close(Tensor a, Tensor b, double tolerance)
    {
        if (!a.shape.SequenceEqual(b.shape)) { return false; }
        using var diff = (a - b).abs().max();
        return diff.item<float>() <= tolerance;
    }
}
