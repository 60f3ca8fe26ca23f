using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.Metrics;

/// <summary>
/// Per-class boundary F-score of one image (openseg.pytorch <c>F1_running_score.db_eval_boundary</c> with
/// <c>seg2bmap</c>, adapted there from GSCNN / DAVIS). For class c: both binary masks are zeroed on ignore pixels, their
/// one-pixel boundary maps are taken (a pixel differing from its east, south or south-east neighbour; last row:
/// east only; last column: south only; bottom-right never), and a boundary pixel matches if the other map has a
/// boundary pixel within the disk of radius <c>tolerance</c> (scikit-image <c>disk</c>, cv2 dilation).
/// P = matched prediction pixels / prediction pixels, R = matched ground-truth pixels / ground-truth pixels; empty
/// prediction boundary: P = 1, R = 0; empty ground-truth boundary: P = 0, R = 1; both empty: P = R = 1.
/// </summary>
public static class BoundaryFScore
{
    /// <summary>The reference's default threshold (a fraction of the image diagonal).</summary>
    public const double DefaultThreshold = 0.00088;

    /// <summary>Tolerance in pixels of a threshold: itself when ≥ 1, else <c>ceil(threshold · √(H² + W²))</c>.</summary>
    /// <param name="threshold">Pixels (≥ 1, whole) or a fraction of the diagonal (&lt; 1).</param>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <returns>Disk radius in pixels.</returns>
    /// <exception cref="TesseraArgumentException">Non-positive or non-whole pixel threshold.</exception>
    public static int TolerancePixels(double threshold, int height, int width)
    {
        Guard.That(threshold > 0 && double.IsFinite(threshold), nameof(threshold), $"must be positive (got {threshold})");
        if (threshold >= 1)
        {
            Guard.That(threshold == Math.Floor(threshold), nameof(threshold), $"a pixel tolerance must be whole (got {threshold})");
            return (int)threshold;
        }
        return (int)Math.Ceiling(threshold * Math.Sqrt(((double)height * height) + ((double)width * width)));
    }

    /// <summary>Per-class F and precision of one image at each tolerance.</summary>
    /// <param name="prediction">Predicted labels.</param>
    /// <param name="groundTruth">Ground truth of the same size.</param>
    /// <param name="numClasses">Classes 0..N−1.</param>
    /// <param name="ignoreLabel">Ground-truth label whose pixels are cleared in both masks.</param>
    /// <param name="tolerances">Disk radii in pixels (≥ 1).</param>
    /// <returns>result[t][c] = (F, precision) for tolerance t and class c.</returns>
    /// <exception cref="TesseraArgumentException">Size mismatch or bad tolerance.</exception>
    public static (double F, double Precision)[][] Compute(LabelMap prediction, LabelMap groundTruth, int numClasses, int ignoreLabel,
        IReadOnlyList<int> tolerances)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(tolerances);
        prediction.RequireSameSize(groundTruth, nameof(groundTruth));
        Guard.That(numClasses is >= 1 and <= 255, nameof(numClasses), $"must lie in [1, 255] (got {numClasses})");
        foreach (var t in tolerances) { Guard.That(t >= 1, nameof(tolerances), $"radii must be ≥ 1 (got {t})"); }
        // A radius that reaches across the whole image matches every boundary pixel as soon as the other side has one,
        // exactly; such radii take a shortcut instead of building a disk of (2r+1)² offsets (100000 → 4·10¹⁰).
        var wholeImage = ((long)(prediction.Height - 1) * (prediction.Height - 1)) + ((long)(prediction.Width - 1) * (prediction.Width - 1));
        foreach (var t in tolerances)
        {
            var offsets = Math.PI * t * t;
            Guard.That((long)t * t >= wholeImage || offsets <= MaxDiskOffsets, nameof(tolerances),
                $"radius {t} needs a disk of about {offsets.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} offsets, more than the limit of {MaxDiskOffsets.ToString("0", System.Globalization.CultureInfo.InvariantCulture)}; use a radius ≥ the image diagonal (whole image) or a smaller one");
        }
        var h = prediction.Height;
        var w = prediction.Width;
        var g = groundTruth.Raw;
        var p = prediction.Raw;
        // Effective labels: -1 where the ground truth is ignored (both masks are 0 there) or the value is not a class.
        var pe = new short[h * w];
        var ge = new short[h * w];
        for (var i = 0; i < pe.Length; i++)
        {
            var ignored = g[i] == ignoreLabel;
            ge[i] = ignored || g[i] >= numClasses ? (short)-1 : g[i];
            pe[i] = ignored || p[i] >= numClasses ? (short)-1 : p[i];
        }
        var predB = BoundaryPixels(pe, h, w, numClasses);
        var gtB = BoundaryPixels(ge, h, w, numClasses);
        var result = new (double, double)[tolerances.Count][];
        for (var t = 0; t < tolerances.Count; t++) { result[t] = new (double, double)[numClasses]; }
        Parallel.For(0, numClasses, () => new bool[h * w], (c, _, mask) =>
        {
            var fb = predB[c];
            var gb = gtB[c];
            for (var t = 0; t < tolerances.Count; t++)
            {
                long fgMatch, gtMatch;
                if ((long)tolerances[t] * tolerances[t] >= wholeImage)
                {
                    fgMatch = gb.Count > 0 ? fb.Count : 0;
                    gtMatch = fb.Count > 0 ? gb.Count : 0;
                }
                else
                {
                    var disk = Disk(tolerances[t]);
                    fgMatch = CountNear(fb, gb, mask, h, w, disk);
                    gtMatch = CountNear(gb, fb, mask, h, w, disk);
                }
                double precision, recall;
                if (fb.Count == 0 && gb.Count > 0) { precision = 1; recall = 0; }
                else if (fb.Count > 0 && gb.Count == 0) { precision = 0; recall = 1; }
                else if (fb.Count == 0 && gb.Count == 0) { precision = 1; recall = 1; }
                else
                {
                    precision = (double)fgMatch / fb.Count;
                    recall = (double)gtMatch / gb.Count;
                }
                var f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
                result[t][c] = (f, precision);
            }
            return mask;
        }, _ => { });
        return result;
    }

    /// <summary>Boundary pixels (seg2bmap) of every class's binary mask, in one pass over the label map.</summary>
    internal static List<int>[] BoundaryPixels(short[] labels, int h, int w, int numClasses)
    {
        var lists = new List<int>[numClasses];
        for (var c = 0; c < numClasses; c++) { lists[c] = []; }
        Span<short> nb = stackalloc short[4];
        for (var y = 0; y < h; y++)
        {
            var lastRow = y == h - 1;
            for (var x = 0; x < w; x++)
            {
                var lastCol = x == w - 1;
                if (lastRow && lastCol) { continue; }
                var i = (y * w) + x;
                var s0 = labels[i];
                int k;
                nb[0] = s0;
                if (lastRow) { nb[1] = labels[i + 1]; k = 2; }
                else if (lastCol) { nb[1] = labels[i + w]; k = 2; }
                else { nb[1] = labels[i + 1]; nb[2] = labels[i + w]; nb[3] = labels[i + w + 1]; k = 4; }
                var allSame = true;
                for (var j = 1; j < k; j++) { if (nb[j] != s0) { allSame = false; break; } }
                if (allSame) { continue; }
                // boundary of class c ⇔ c occurs among the compared labels (and they are not all c)
                for (var j = 0; j < k; j++)
                {
                    var c = nb[j];
                    if (c < 0) { continue; }
                    var seen = false;
                    for (var m = 0; m < j; m++) { if (nb[m] == c) { seen = true; break; } }
                    if (!seen) { lists[c].Add(i); }
                }
            }
        }
        return lists;
    }

    /// <summary>Offsets (dy, dx) of scikit-image's <c>disk(r)</c>: dy² + dx² ≤ r².</summary>
    /// <summary>Largest disk (in offsets) a tolerance below the image diagonal may use: 20 million (160 MB).</summary>
    private const double MaxDiskOffsets = 20_000_000;

    internal static (int Dy, int Dx)[] Disk(int r)
    {
        var d = new List<(int, int)>();
        for (var dy = -r; dy <= r; dy++)
        {
            for (var dx = -r; dx <= r; dx++)
            {
                if ((dy * dy) + (dx * dx) <= r * r) { d.Add((dy, dx)); }
            }
        }
        return [.. d];
    }

    /// <summary>How many pixels of <paramref name="from"/> have a pixel of <paramref name="to"/> within the disk.</summary>
    private static long CountNear(List<int> from, List<int> to, bool[] mask, int h, int w, (int Dy, int Dx)[] disk)
    {
        if (from.Count == 0 || to.Count == 0) { return 0; }
        foreach (var i in to) { mask[i] = true; }
        long hits = 0;
        foreach (var i in from)
        {
            var y = i / w;
            var x = i % w;
            foreach (var (dy, dx) in disk)
            {
                var yy = y + dy;
                var xx = x + dx;
                if ((uint)yy < (uint)h && (uint)xx < (uint)w && mask[(yy * w) + xx]) { hits++; break; }
            }
        }
        foreach (var i in to) { mask[i] = false; }
        return hits;
    }
}
