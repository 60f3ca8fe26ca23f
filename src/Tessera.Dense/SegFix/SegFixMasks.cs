using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;

namespace Tessera.Dense.SegFix;

/// <summary>SegFix applied after any model's output: the predictor's offsets move the boundary pixels of a label map
/// (a thresholded mask, a class map) towards the interior of their segment.</summary>
public static class SegFixMasks
{
    /// <summary>Refines a probability mask: thresholds it, follows the offsets SegFix predicts from the image, and returns
    /// the refined 0/1 mask as probabilities (0 or 1).</summary>
    /// <param name="predictor">A SegFix predictor (e.g. <see cref="SegFixPretrained.CompactPredictor"/>).</param>
    /// <param name="image">The 8-bit RGB image the mask belongs to.</param>
    /// <param name="probabilities">Row-major probabilities of the image's size.</param>
    /// <param name="threshold">Foreground above this.</param>
    /// <returns>The refined mask as 0/1 floats.</returns>
    /// <exception cref="TesseraArgumentException">The mask does not have the image's size.</exception>
    public static float[] RefineBinary(SegFixPredictor predictor, Image image, float[] probabilities, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(probabilities);
        var labels = probabilities.Select(p => p > threshold ? (byte)1 : (byte)0).ToArray();
        var refined = RefineLabels(predictor, image, labels);
        return refined.Select(l => (float)l).ToArray();
    }

    /// <summary>Refines a label map of the image's size with the offsets SegFix predicts from the image.</summary>
    /// <param name="predictor">A SegFix predictor.</param>
    /// <param name="image">The 8-bit RGB image.</param>
    /// <param name="labels">Row-major labels of the image's size.</param>
    /// <returns>The refined labels.</returns>
    /// <exception cref="TesseraArgumentException">The labels do not have the image's size.</exception>
    public static byte[] RefineLabels(SegFixPredictor predictor, Image image, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(labels);
        Guard.That(labels.Length == image.Height * image.Width, nameof(labels),
            $"must hold {image.Height}×{image.Width} values like the image (got {labels.Length})");
        var prediction = predictor.Predict(image);
        var refined = SegFixRefinement.Refine(LabelMap.FromLabels(labels, image.Height, image.Width), prediction.Offsets);
        return refined.Labels.ToArray();
    }

    /// <summary>Refines a probability mask with a SegFix prediction already made for its image (predict once per image,
    /// refine any number of masks of it).</summary>
    /// <param name="prediction">The predictor's output for the image.</param>
    /// <param name="probabilities">Row-major probabilities of the image's size.</param>
    /// <param name="threshold">Foreground above this.</param>
    /// <returns>The refined mask as 0/1 floats.</returns>
    /// <exception cref="TesseraArgumentException">The mask does not have the prediction's size.</exception>
    public static float[] RefineBinary(SegFixPrediction prediction, float[] probabilities, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(probabilities);
        var h = prediction.Offsets.Shape[0];
        var w = prediction.Offsets.Shape[1];
        Guard.That(probabilities.Length == h * w, nameof(probabilities), $"must hold {h}×{w} values like the prediction (got {probabilities.Length})");
        var labels = probabilities.Select(p => p > threshold ? (byte)1 : (byte)0).ToArray();
        var refined = SegFixRefinement.Refine(LabelMap.FromLabels(labels, h, w), prediction.Offsets);
        return refined.Labels.ToArray().Select(l => (float)l).ToArray();
    }
}
