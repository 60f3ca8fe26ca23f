using Tessera.Core.Errors;
using Tessera.Nn.Runtime;

namespace Tessera.Dense.SegFix;

/// <summary>
/// The SegFix weights shipped inside Tessera.Dense: <c>models/segfix/segfix-compact.safetensors</c> of the repository,
/// embedded as a manifest resource, so a library user needs no file and no CLI to run the network.
/// </summary>
/// <remarks>
/// The compact network (<see cref="SegFixConfig.Compact"/>: stages 24/48/96, 64-channel branches, 8 direction bins,
/// 185 k parameters, 0.75 MB) was trained by <c>tessera segfix train --synthetic 128 --epochs 8 --model compact
/// --seed 0</c>: 128 steps of batch 8 on seeded synthetic street and shape scenes of 96×128 rendered to RGB (loss
/// 2.87 → 0.70; the curve is <c>models/segfix/segfix-compact.metrics.csv</c>; see docs/segmentation.md). It is a demonstration model for synthetic scenes, not a
/// Cityscapes model.
/// </remarks>
public static class SegFixPretrained
{
    /// <summary>Manifest-resource name of the compact weights in the Tessera.Dense assembly.</summary>
    public const string CompactResourceName = "Tessera.Dense.SegFix.segfix-compact.safetensors";

    /// <summary>Opens the embedded compact weights as a read-only stream (the safetensors bytes as committed).</summary>
    /// <returns>A new stream the caller disposes.</returns>
    /// <exception cref="TesseraFormatException">The assembly was built without the weights.</exception>
    public static Stream OpenCompact() =>
        typeof(SegFixPretrained).Assembly.GetManifestResourceStream(CompactResourceName)
        ?? throw new TesseraFormatException(typeof(SegFixPretrained).Assembly.GetName().Name ?? "Tessera.Dense", CompactResourceName,
            "the embedded SegFix weights are missing from this build");

    /// <summary>Creates the shipped compact network, weights loaded, in eval mode.</summary>
    /// <returns>The network (the caller owns and disposes it); run it under <c>torch.no_grad()</c> in a dispose scope,
    /// or wrap it in a <see cref="SegFixPredictor"/>.</returns>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public static SegFixNet LoadCompact()
    {
        using var stream = OpenCompact();
        return SegFixWeights.Load(stream, CompactResourceName);
    }

    /// <summary>A predictor (image → boundary probability, direction bins, offsets) over the shipped compact network.</summary>
    /// <returns>The predictor (the caller disposes it; it owns the network).</returns>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public static SegFixPredictor CompactPredictor() => new(LoadCompact());
}
