using System.Globalization;
using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.Metrics;
using Tessera.Segmentation.SegFix;

namespace Tessera.Segmentation.Parity;

/// <summary>
/// Parity handler for the SegFix fixture format (an <c>index.json</c> with <c>cases</c> and <c>files</c> whose case
/// manifests carry <c>ksizes</c> and <c>boundary_pixels</c>). Groups: <c>distance</c> (per-class and fused EDT, depth,
/// boundary), <c>direction</c> (filter response, angle, bins, offsets for k = 5 and 9), <c>refine</c> (refinement with
/// the stored and recomputed offsets, predicted-offset decoding) and <c>metrics</c> (confusion matrix, IoU, boundary F).
/// Tolerances come from each manifest and the fixtures README.
/// </summary>
public sealed class SegFixParityHandler : IParityHandler
{
    /// <summary>The fixture area name.</summary>
    public const string Area = "segfix";

    /// <inheritdoc />
    public string Format => "segfix-openseg";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var index = Path.Combine(directory, "index.json");
        if (!File.Exists(index)) { return null; }
        List<string> cases;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            if (!doc.RootElement.TryGetProperty("cases", out var c) || c.ValueKind != JsonValueKind.Array
                || !doc.RootElement.TryGetProperty("files", out _)) { return null; }
            cases = [.. c.EnumerateArray().Select(e => e.GetString() ?? "")];
            if (cases.Count == 0) { return null; }
            var manifest = Path.Combine(directory, cases[0], "manifest.json");
            if (!File.Exists(manifest)) { return null; }
            using var m = JsonDocument.Parse(File.ReadAllText(manifest));
            if (!m.RootElement.TryGetProperty("ksizes", out _) || !m.RootElement.TryGetProperty("boundary_pixels", out _)) { return null; }
        }
        catch (JsonException)
        {
            return null;
        }
        ParityGroup Group(string name, Func<SegFixFixtureCase, ParityOutcome> check) => new(Area, name, directory,
            [.. cases.Select(c => new ParityCase(c, _ => check(SegFixFixtureCase.Load(Path.Combine(directory, c)))))]);
        return
        [
            Group("distance", CheckDistance),
            Group("direction", CheckDirection),
            Group("refine", CheckRefine),
            Group("metrics", CheckMetrics),
        ];
    }

    internal static ParityOutcome CheckDistance(SegFixFixtureCase fx)
    {
        var t = SegFixGroundTruth.Compute(fx.Label, fx.Options(5));
        var outcomes = new List<ParityOutcome>();
        var atol = fx.Atol("dist_fused.npy");
        outcomes.Add(ParityOutcome.AtMost("dist_fused max_abs", ArrayComparison.MaxAbsDiff(t.DistanceMap(), fx.Npy("dist_fused.npy")), atol));
        if (fx.Has("dist_per_class.npy"))
        {
            var expected = fx.Npy("dist_per_class.npy");
            var plane = expected.Shape[1] * expected.Shape[2];
            var all = expected.ToDoubleArray();
            var processed = fx.IntList("processed_classes");
            outcomes.Add(ParityOutcome.Exact("processed_classes", processed.SequenceEqual(t.ProcessedClasses) ? 0 : 1,
                $"expected [{string.Join(", ", processed)}], got [{string.Join(", ", t.ProcessedClasses)}]"));
            var worst = 0.0;
            for (var k = 0; k < processed.Count && k < expected.Shape[0]; k++)
            {
                if (!t.ProcessedClasses.Contains(processed[k])) { worst = double.PositiveInfinity; break; }
                var mine = t.ClassDistanceMap(processed[k]).ToDoubleArray();
                worst = Math.Max(worst, ArrayComparison.MaxAbsDiff(mine, all.AsSpan(k * plane, plane)));
            }
            outcomes.Add(ParityOutcome.AtMost("dist_per_class max_abs", worst, fx.Atol("dist_per_class.npy")));
        }
        outcomes.Add(ExactInts("depth_u8 mismatches", t.Depth(), fx.Npy("depth_u8.npy"), null));
        outcomes.Add(ExactInts("boundary mismatches", t.Boundary(), fx.Npy("boundary.npy"), null));
        return ParityOutcome.All(outcomes);
    }

    internal static ParityOutcome CheckDirection(SegFixFixtureCase fx)
    {
        var outcomes = new List<ParityOutcome>();
        foreach (var k in new[] { 5, 9 })
        {
            var t = SegFixGroundTruth.Compute(fx.Label, fx.Options(k));
            var unstable = fx.Npy($"k{k}_unstable.npy").Bytes.ToArray();
            var atol = fx.SobelAtol(k);
            outcomes.Add(ParityOutcome.AtMost($"k{k}_sobel max_abs", ArrayComparison.MaxAbsDiff(t.DirectionResponse(), fx.Npy($"k{k}_sobel.npy")), atol));
            outcomes.Add(DirDeg($"k{k}_dir_deg mismatches", t.DirectionDegrees().Bytes, fx.Npy($"k{k}_dir_deg.npy").Bytes, unstable));
            foreach (var (m, bit) in new[] { (4, 1), (8, 2), (16, 3) })
            {
                var skip = (byte)((1 << bit) | (1 << 4));
                outcomes.Add(ExactInts($"k{k}_direction_m{m} mismatches", t.DirectionBinMap(m), fx.Npy($"k{k}_direction_m{m}.npy"), unstable, skip));
                outcomes.Add(ExactInts($"k{k}_offset_m{m} mismatches", t.OffsetMap(m), fx.Npy($"k{k}_offset_m{m}.npy"), unstable, skip));
            }
        }
        return ParityOutcome.All(outcomes);
    }

    internal static ParityOutcome CheckRefine(SegFixFixtureCase fx)
    {
        var outcomes = new List<ParityOutcome>();
        var pred = LabelMap.FromNdArray(fx.Npy("pred_coarse.npy"));
        var scale = (int)fx.Manifest.GetProperty("refinement").GetProperty("oracle_k5").GetProperty("scale").GetDouble();
        foreach (var (name, offsets) in new[] { ("refined_oracle_k5", "k5_offset_m8.npy"), ("refined_oracle_k9", "k9_offset_m8.npy"), ("refined_noisy_k5", "noisy_offset_m8.npy") })
        {
            var refined = SegFixRefinement.Refine(pred, fx.Npy(offsets), scale);
            outcomes.Add(ExactInts($"{name} mismatches", refined.ToNdArray(), fx.Npy($"{name}.npy"), null));
        }
        // bug-compatible bilinear variant (PyTorch >= 1.3 defaults): exact except the flagged fragile pixels
        var t113 = fx.Npy("refined_torch113_unstable.npy").Bytes.ToArray();
        foreach (var (name, offsets, bit) in new[] { ("refined_oracle_k5_torch113", "k5_offset_m8.npy", (byte)1), ("refined_noisy_k5_torch113", "noisy_offset_m8.npy", (byte)2) })
        {
            var refined = SegFixRefinement.RefineBilinearUnaligned(pred, fx.Npy(offsets), scale);
            outcomes.Add(ExactInts($"{name} mismatches", refined.ToNdArray(), fx.Npy($"{name}.npy"), t113, bit));
        }
        // offsets decoded from the noisy mask and directions (Tester._get_offset)
        var decoded = SegFixRefinement.OffsetsFromPrediction(fx.Npy("noisy_mask.npy"), fx.Npy("noisy_direction_m8.npy"), 8);
        outcomes.Add(ExactInts("noisy_offset_m8 mismatches", decoded, fx.Npy("noisy_offset_m8.npy"), null));
        // oracle offsets recomputed from the label: only boundary pixels flagged bit 2 or bit 4 may differ
        var boundary = fx.Npy("boundary.npy").AsSpan<sbyte>().ToArray();
        foreach (var k in new[] { 5, 9 })
        {
            var unstable = fx.Npy($"k{k}_unstable.npy").Bytes.ToArray();
            var mask = new byte[unstable.Length];
            for (var i = 0; i < mask.Length; i++) { mask[i] = boundary[i] == 1 && (unstable[i] & ((1 << 2) | (1 << 4))) != 0 ? (byte)1 : (byte)0; }
            var refined = SegFixRefinement.RefineWithOracle(pred, fx.Label, fx.Options(k), 8, scale);
            outcomes.Add(ExactInts($"refined_oracle_k{k} (recomputed offsets) mismatches", refined.ToNdArray(), fx.Npy($"refined_oracle_k{k}.npy"), mask, 1));
        }
        return ParityOutcome.All(outcomes);
    }

    internal static ParityOutcome CheckMetrics(SegFixFixtureCase fx)
    {
        var outcomes = new List<ParityOutcome>();
        var n = fx.Manifest.GetProperty("n_classes").GetInt32();
        var atol = fx.Manifest.GetProperty("tolerances").GetProperty("metrics").GetProperty("atol").GetDouble();
        foreach (var entry in fx.Manifest.GetProperty("metrics").EnumerateObject())
        {
            var predFile = entry.Name == "label_vs_itself" ? "label.npy" : $"{entry.Name}.npy";
            if (!fx.Has(predFile))
            {
                outcomes.Add(new ParityOutcome(ParityStatus.Fail, entry.Name, null, null, $"missing {predFile}"));
                continue;
            }
            var pred = LabelMap.FromNdArray(fx.Npy(predFile));
            var e = entry.Value;
            var bfs = e.GetProperty("boundary_f").EnumerateObject().ToList();
            var tolerances = bfs.Select(b => b.Value.GetProperty("bound_pix").GetInt32()).Distinct().ToList();
            var evaluator = new SegmentationEvaluator(n, 255, tolerances);
            evaluator.Add(pred, fx.Label, predFile);
            var report = evaluator.Report();
            var cm = evaluator.Matrix.ToArray();
            long cmDiff = 0;
            var rows = e.GetProperty("confusion_matrix").EnumerateArray().ToList();
            for (var r = 0; r < n; r++)
            {
                var cols = rows[r].EnumerateArray().ToList();
                for (var c = 0; c < n; c++) { if (cols[c].GetInt64() != cm[r, c]) { cmDiff++; } }
            }
            outcomes.Add(ParityOutcome.Exact($"{entry.Name} confusion_matrix mismatches", cmDiff));
            var s = report.Scores;
            var diffs = new List<double>
            {
                Math.Abs(s.PixelAccuracy - e.GetProperty("pixel_accuracy").GetDouble()),
                Math.Abs(s.MeanClassAccuracy - e.GetProperty("mean_class_accuracy").GetDouble()),
                Math.Abs(s.FrequencyWeightedIou - e.GetProperty("fw_iou").GetDouble()),
                Math.Abs(s.MeanIou - e.GetProperty("miou").GetDouble()),
            };
            var iou = e.GetProperty("per_class_iou").EnumerateArray().ToList();
            for (var c = 0; c < n; c++)
            {
                if (iou[c].ValueKind == JsonValueKind.Null) { diffs.Add(s.PerClassIou[c] is null ? 0 : double.PositiveInfinity); }
                else { diffs.Add(s.PerClassIou[c] is { } v ? Math.Abs(v - iou[c].GetDouble()) : double.PositiveInfinity); }
            }
            var present = e.GetProperty("classes_present_in_gt_or_pred").EnumerateArray().Select(x => x.GetInt32()).ToList();
            foreach (var b in bfs)
            {
                var mine = report.BoundaryF[b.Value.GetProperty("bound_pix").GetInt32()];
                diffs.Add(Math.Abs(mine.MeanF - b.Value.GetProperty("mean_f_official").GetDouble()));
                var presentMean = present.Count == 0 ? double.NaN : present.Average(c => mine.PerClassF[c]);
                if (b.Value.TryGetProperty("mean_f_present_classes", out var mp) && mp.ValueKind == JsonValueKind.Number)
                {
                    diffs.Add(Math.Abs(presentMean - mp.GetDouble()));
                }
                var pf = b.Value.GetProperty("per_class_f").EnumerateArray().Select(x => x.GetDouble()).ToList();
                var pp = b.Value.GetProperty("per_class_precision").EnumerateArray().Select(x => x.GetDouble()).ToList();
                for (var c = 0; c < n; c++)
                {
                    diffs.Add(Math.Abs(mine.PerClassF[c] - pf[c]));
                    diffs.Add(Math.Abs(mine.PerClassPrecision[c] - pp[c]));
                }
            }
            var worst = diffs.Max();
            outcomes.Add(ParityOutcome.AtMost($"{entry.Name} metrics max_abs", double.IsNaN(worst) ? double.PositiveInfinity : worst, atol));
        }
        return ParityOutcome.All(outcomes);
    }

    private static ParityOutcome DirDeg(string metric, ReadOnlySpan<byte> mine, ReadOnlySpan<byte> expected, byte[] unstable)
    {
        long bad = 0;
        for (var i = 0; i < mine.Length; i++)
        {
            if ((unstable[i] & 0x10) != 0) { continue; }
            var d = Math.Abs(mine[i] - expected[i]);
            d = Math.Min(d, 180 - d);
            var allowed = (unstable[i] & 1) != 0 ? 1 : 0;
            if (d > allowed) { bad++; }
        }
        return ParityOutcome.Exact(metric, bad);
    }

    private static ParityOutcome ExactInts(string metric, NdArray mine, NdArray expected, byte[]? unstable, byte skipBits = 0)
    {
        ArrayComparison.RequireSameShape(mine, expected);
        var a = mine.ToInt64Array();
        var b = expected.ToInt64Array();
        var per = a.Length / (mine.Shape[0] * mine.Shape[1]);
        long bad = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (unstable is not null && (unstable[i / per] & skipBits) != 0) { continue; }
            if (a[i] != b[i]) { bad++; }
        }
        return ParityOutcome.Exact(metric, bad, bad == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{bad} of {a.Length} values differ"));
    }
}
