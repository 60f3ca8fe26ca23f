using static TorchSharp.torch;

namespace Tessera.Prompting;

/// <summary>Freezes backbones: every parameter gets <c>requires_grad = false</c> and the module goes to eval mode.</summary>
internal static class Freeze
{
    /// <summary>Freezes every parameter of <paramref name="module"/> and switches it to eval mode.</summary>
    public static void All(nn.Module module)
    {
        foreach (var p in module.parameters()) { p.requires_grad = false; }
        module.eval();
    }
}
