using Tessera.Core.Errors;

namespace Tessera.Segmentation.Labels;

/// <summary>
/// A deliberately coarse predictor for experiments: the ground truth downsampled by block majority and upsampled
/// by nearest neighbour, so every boundary becomes a staircase of <c>factor</c>-pixel steps (what a low-resolution
/// segmentation head produces). Ignore pixels do not vote; a block with no labelled pixel takes the label of the
/// block before it (0 for the first), so the prediction never holds the ignore label.
/// </summary>
public static class CoarsePrediction
{
    /// <summary>Block-majority downsampling then nearest upsampling.</summary>
    /// <param name="groundTruth">Labels.</param>
    /// <param name="factor">Block size (≥ 1).</param>
    /// <param name="numClasses">Classes 0..N−1; other values (the ignore label) do not vote.</param>
    /// <returns>A new map of the same size.</returns>
    /// <exception cref="TesseraArgumentException">Bad factor or class count.</exception>
    public static LabelMap DownUp(LabelMap groundTruth, int factor, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        Guard.Positive(factor);
        Guard.That(numClasses is >= 1 and <= 255, nameof(numClasses), $"must lie in [1, 255] (got {numClasses})");
        int h = groundTruth.Height, w = groundTruth.Width;
        var src = groundTruth.Raw;
        var bh = (h + factor - 1) / factor;
        var bw = (w + factor - 1) / factor;
        var block = new byte[bh * bw];
        var votes = new int[numClasses];
        byte previous = 0;
        for (var by = 0; by < bh; by++)
        {
            for (var bx = 0; bx < bw; bx++)
            {
                Array.Clear(votes);
                var any = false;
                for (var y = by * factor; y < Math.Min(h, (by + 1) * factor); y++)
                {
                    for (var x = bx * factor; x < Math.Min(w, (bx + 1) * factor); x++)
                    {
                        int v = src[(y * w) + x];
                        if (v < numClasses) { votes[v]++; any = true; }
                    }
                }
                if (any)
                {
                    var best = 0;
                    for (var c = 1; c < numClasses; c++) { if (votes[c] > votes[best]) { best = c; } }
                    previous = (byte)best;
                }
                block[(by * bw) + bx] = previous;
            }
        }
        var dst = new byte[h * w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++) { dst[(y * w) + x] = block[((y / factor) * bw) + (x / factor)]; }
        }
        return LabelMap.Adopt(dst, h, w);
    }
}
