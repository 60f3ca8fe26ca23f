using Tessera.Core.Arrays;

namespace Tessera.Dense.SegFix;

/// <summary>What the SegFix network predicts for one image, in label space.</summary>
/// <param name="BoundaryProbability">float32 [H, W]: softmax probability of the boundary class.</param>
/// <param name="DirectionBins">int8 [H, W]: arg-max direction bin of every pixel.</param>
/// <param name="Offsets">int8 [H, W, 2] (row, column): the bin's step where the probability is above 0.5, (0, 0)
/// elsewhere — the input of <see cref="Tessera.Segmentation.SegFix.SegFixRefinement.Refine(Tessera.Segmentation.Labels.LabelMap, Tessera.Core.Arrays.NdArray, int, int)"/>.</param>
public sealed record SegFixPrediction(NdArray BoundaryProbability, NdArray DirectionBins, NdArray Offsets);
