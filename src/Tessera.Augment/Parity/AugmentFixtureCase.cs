using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Arrays;
using Tessera.Core.Imaging;
using Tessera.Core.Parity;
using Tessera.Imaging;

namespace Tessera.Augment.Parity;

/// <summary>Runs one albumentations fixture case (see the fixture README: "Running a case", "Comparing").</summary>
internal static class AugmentFixtureCase
{
    public static IReadOnlyList<string> MissingTransforms(string caseFile)
    {
        var root = (JsonObject)JsonNode.Parse(File.ReadAllText(caseFile))!;
        var serialized = root["serialized_with_gaps_filled"] ?? root["serialized"];
        var names = new List<string>();
        Collect(serialized, names);
        return names.Where(n => !TransformCatalog.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
    }

    public static ParityOutcome Run(string dir, string caseFile, CancellationToken ct)
    {
        var root = (JsonObject)JsonNode.Parse(File.ReadAllText(caseFile))!;
        var missing = MissingTransforms(caseFile);
        if (missing.Count > 0)
        {
            return new ParityOutcome(ParityStatus.Unsupported, "transforms", null, null, $"not implemented yet: {string.Join(", ", missing)}");
        }
        var serialized = (root["serialized_with_gaps_filled"] ?? root["serialized"])!.DeepClone();
        ResolveReferenceImages(serialized, dir);
        var pipeline = (ComposeBase)AlbumentationsJson.FromNode(serialized);
        var replayNode = root["replay"] as JsonObject;
        ct.ThrowIfCancellationRequested();
        var inputs = (JsonObject)root["inputs"]!;
        var sample = ReadSample(dir, inputs, pipeline);
        Sample output;
        if (replayNode is null)
        {
            // FDA / HistogramMatching: 1.3.1 cannot replay them; their arguments fix the output (fixture README)
            output = pipeline.Apply(sample, root["seed"]?.GetValue<ulong>() ?? 0);
        }
        else
        {
            var record = AlbumentationsJson.ReadReplayRecord(pipeline, replayNode, dir);
            output = pipeline.Replay(sample, record);
        }
        var tol = (JsonObject)root["tolerance"]!;
        var expected = (JsonObject)root["expected"]!;
        var exact = root["exact"]?.GetValue<bool>() ?? true;
        var checks = new List<ParityOutcome>();
        if (exact)
        {
            CompareArrays(dir, expected, output, tol, checks);
        }
        else
        {
            CompareShapes(expected, output, checks);
            CompareStats((JsonObject)root["stats"]!["values"]!, sample, output, checks);
        }
        CompareBoxes(expected, output, tol, pipeline, checks);
        CompareKeypoints(expected, output, tol, pipeline, checks);
        return ParityOutcome.All(checks);
    }

    /// <summary>Reference image files in a case are relative to the fixture folder (FDA, HistogramMatching).</summary>
    private static void ResolveReferenceImages(JsonNode? node, string dir)
    {
        if (node is JsonObject o)
        {
            if (o["reference_images"] is JsonArray files)
            {
                for (var i = 0; i < files.Count; i++)
                {
                    if (files[i] is JsonValue v && v.TryGetValue<string>(out var f) && !Path.IsPathRooted(f))
                    {
                        files[i] = Path.GetFullPath(Path.Combine(dir, f));
                    }
                }
            }
            foreach (var (_, child) in o)
            {
                ResolveReferenceImages(child, dir);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a)
            {
                ResolveReferenceImages(child, dir);
            }
        }
    }

    private static void Collect(JsonNode? node, List<string> names)
    {
        if (node is JsonObject o)
        {
            if (o["__class_fullname__"] is JsonValue v)
            {
                names.Add(TransformCatalog.ShortName(v.GetValue<string>()));
            }
            foreach (var (_, child) in o)
            {
                Collect(child, names);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a)
            {
                Collect(child, names);
            }
        }
    }

    private static Image ReadImage(string dir, JsonNode spec)
    {
        var file = Path.Combine(dir, spec["file"]!.GetValue<string>());
        return file.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? Image.FromNdArray(Npy.Read(file)) : ImageFile.Read(file);
    }

    private static Sample ReadSample(string dir, JsonObject inputs, ComposeBase pipeline)
    {
        var labels = new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal);
        foreach (var (k, v) in inputs)
        {
            if (k.EndsWith("_labels", StringComparison.Ordinal) && v is JsonArray arr)
            {
                labels[k] = arr.Select(LabelValue).ToList();
            }
        }
        var extra = new Dictionary<string, Image>(StringComparer.Ordinal);
        foreach (var name in pipeline.AdditionalTargets.Keys)
        {
            if (inputs[name] is { } spec)
            {
                extra[name] = ReadImage(dir, spec);
            }
        }
        return new Sample
        {
            Image = ReadImage(dir, inputs["image"]!),
            Mask = inputs["mask"] is { } m ? ReadImage(dir, m) : null,
            Bboxes = Numbers(inputs["bboxes"]),
            Keypoints = Numbers(inputs["keypoints"]),
            Labels = labels,
            Extra = extra,
        };
    }

    /// <summary>A label as Python sees it: integral numbers as long, other numbers as double, else the string.</summary>
    private static object LabelValue(JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            var d = v.GetValue<double>();
            return d == Math.Floor(d) && Math.Abs(d) < 1e15 ? (long)d : d;
        }
        return node?.ToJsonString() ?? "null";
    }

    private static string LabelText(object label) => label switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => JsonValue.Create(d).ToJsonString(),
        _ => label.ToString() ?? "",
    };

    private static List<double[]> Numbers(JsonNode? node)
        => node is JsonArray a ? a.Select(row => ((JsonArray)row!).Select(x => x!.GetValue<double>()).ToArray()).ToList() : [];

    private static void CompareArrays(string dir, JsonObject expected, Sample output, JsonObject tol, List<ParityOutcome> checks)
    {
        var fraction = tol["mismatch_fraction"]?.GetValue<double>() ?? 0;
        foreach (var (name, spec) in expected)
        {
            if (spec is not JsonObject o || o["file"] is null)
            {
                continue;
            }
            var actual = name switch
            {
                "image" => output.Image,
                "mask" => output.Mask,
                _ => output.Extra.GetValueOrDefault(name),
            };
            if (actual is null)
            {
                checks.Add(new ParityOutcome(ParityStatus.Fail, name, null, null, "output is missing"));
                continue;
            }
            var limit = tol[name.StartsWith("mask", StringComparison.Ordinal) ? "mask" : "image"]!.GetValue<double>();
            checks.Add(CompareImage(name, actual, ReadImage(dir, o), o, limit, fraction));
        }
    }

    private static void CompareShapes(JsonObject expected, Sample output, List<ParityOutcome> checks)
    {
        foreach (var (name, spec) in expected)
        {
            if (spec is not JsonObject o || o["shape"] is not JsonArray shape)
            {
                continue;
            }
            var actual = name == "image" ? output.Image : name == "mask" ? output.Mask : output.Extra.GetValueOrDefault(name);
            var want = shape.Select(x => x!.GetValue<int>()).ToArray();
            var ok = actual is not null && actual.Shape.SequenceEqual(want) && DTypeName(actual) == o["dtype"]!.GetValue<string>();
            checks.Add(ParityOutcome.Exact($"{name}.shape", ok ? 0 : 1, ok ? null : $"expected {o["dtype"]} [{string.Join(", ", want)}]"));
        }
    }

    internal static ParityOutcome CompareImage(string name, Image actual, Image expected, JsonObject spec, double limit, double fraction)
    {
        var dtype = spec["dtype"]!.GetValue<string>();
        if (!actual.Shape.SequenceEqual(expected.Shape) || DTypeName(actual) != dtype)
        {
            return new ParityOutcome(ParityStatus.Fail, $"{name}.shape", null, null,
                $"got {DTypeName(actual)} [{string.Join(", ", actual.Shape)}], expected {dtype} [{string.Join(", ", expected.Shape)}]");
        }
        var a = actual.ToNdArray().ToDoubleArray();
        var e = expected.ToNdArray().ToDoubleArray();
        long over = 0;
        var max = 0.0;
        var maxInside = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - e[i]);
            if (double.IsNaN(d))
            {
                d = double.PositiveInfinity;
            }
            max = Math.Max(max, d);
            if (d > limit)
            {
                over++;
            }
            else
            {
                maxInside = Math.Max(maxInside, d);
            }
        }
        var allowed = (long)Math.Floor(fraction * a.Length);
        var msg = string.Create(CultureInfo.InvariantCulture, $"max |diff| {max}; {over} of {a.Length} elements above {limit} (allowed {allowed})");
        return over <= allowed
            ? new ParityOutcome(ParityStatus.Pass, $"{name}.max_abs_diff", maxInside, limit, msg)
            : new ParityOutcome(ParityStatus.Fail, $"{name}.max_abs_diff", max, limit, msg);
    }

    private static string DTypeName(Image image) => image.PixelType switch
    {
        PixelType.UInt8 => "uint8",
        PixelType.UInt16 => "uint16",
        _ => "float32",
    };

    private static void CompareBoxes(JsonObject expected, Sample output, JsonObject tol, ComposeBase pipeline, List<ParityOutcome> checks)
    {
        if (expected["bboxes"] is not JsonArray boxes)
        {
            return;
        }
        var want = Numbers(boxes);
        if (want.Count != output.Bboxes.Count)
        {
            checks.Add(new ParityOutcome(ParityStatus.Fail, "bboxes.count", output.Bboxes.Count, want.Count, $"expected {want.Count} boxes, got {output.Bboxes.Count}"));
            return;
        }
        CompareLabels(expected, output, pipeline.BboxParams!.LabelFields, checks);
        var max = 0.0;
        for (var i = 0; i < want.Count; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                max = Math.Max(max, Math.Abs(want[i][j] - output.Bboxes[i][j]));
            }
        }
        checks.Add(ParityOutcome.AtMost("bboxes.max_abs_diff", max, tol["bbox"]!.GetValue<double>()));
    }

    private static void CompareKeypoints(JsonObject expected, Sample output, JsonObject tol, ComposeBase pipeline, List<ParityOutcome> checks)
    {
        if (expected["keypoints"] is not JsonArray kps)
        {
            return;
        }
        var want = Numbers(kps);
        if (want.Count != output.Keypoints.Count)
        {
            checks.Add(new ParityOutcome(ParityStatus.Fail, "keypoints.count", output.Keypoints.Count, want.Count, $"expected {want.Count} keypoints, got {output.Keypoints.Count}"));
            return;
        }
        var kp = pipeline.KeypointParams!;
        CompareLabels(expected, output, kp.LabelFields, checks);
        var format = kp.Format.ToName();
        double xy = 0, angle = 0, scale = 0;
        for (var i = 0; i < want.Count; i++)
        {
            for (var j = 0; j < format.Length; j++)
            {
                var d = Math.Abs(want[i][j] - output.Keypoints[i][j]);
                switch (format[j])
                {
                    case 'x' or 'y':
                        xy = Math.Max(xy, d);
                        break;
                    case 'a':
                        var m = d % 360;
                        angle = Math.Max(angle, Math.Min(m, 360 - m));
                        break;
                    default:
                        scale = Math.Max(scale, d);
                        break;
                }
            }
        }
        checks.Add(ParityOutcome.AtMost("keypoints.xy", xy, tol["keypoint_xy"]!.GetValue<double>()));
        checks.Add(ParityOutcome.AtMost("keypoints.angle_deg", angle, tol["keypoint_angle_deg"]!.GetValue<double>()));
        checks.Add(ParityOutcome.AtMost("keypoints.scale", scale, tol["keypoint_scale"]!.GetValue<double>()));
    }

    private static void CompareLabels(JsonObject expected, Sample output, IReadOnlyList<string> fields, List<ParityOutcome> checks)
    {
        foreach (var f in fields)
        {
            if (expected[f] is not JsonArray want)
            {
                continue;
            }
            var got = output.Labels[f];
            var same = want.Count == got.Count && want.Select(x => LabelText(LabelValue(x))).SequenceEqual(got.Select(LabelText));
            checks.Add(ParityOutcome.Exact($"{f}", same ? 0 : 1, same ? null : $"expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]"));
        }
    }

    private static void CompareStats(JsonObject values, Sample input, Sample output, List<ParityOutcome> checks)
    {
        var a = output.Image.ToNdArray().ToDoubleArray();
        var b = input.Image.ToNdArray().ToDoubleArray();
        if (a.Length != b.Length)
        {
            checks.Add(new ParityOutcome(ParityStatus.Fail, "stats", null, null, "output size differs from input size"));
            return;
        }
        var ch = input.Image.Channels;
        var d = a.Zip(b, (x, y) => x - y).ToArray();
        var stats = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            ["out_mean"] = [a.Average()],
            ["out_std"] = [Std(a)],
            ["diff_mean"] = [d.Average()],
            ["diff_std"] = [Std(d)],
            ["abs_diff_mean"] = [d.Average(Math.Abs)],
            ["changed_fraction"] = [d.Count(x => x != 0) / (double)d.Length],
            ["diff_mean_per_channel"] = Enumerable.Range(0, ch).Select(c => d.Where((_, i) => i % ch == c).Average()).ToArray(),
        };
        if (input.Mask is not null && output.Mask is not null)
        {
            var ma = output.Mask.ToNdArray().ToDoubleArray();
            var mb = input.Mask.ToNdArray().ToDoubleArray();
            stats["mask_changed_fraction"] = [ma.Zip(mb, (x, y) => x != y ? 1.0 : 0.0).Average()];
        }
        foreach (var (name, spec) in values)
        {
            if (!stats.TryGetValue(name, out var got))
            {
                checks.Add(new ParityOutcome(ParityStatus.Fail, name, null, null, "statistic not computed"));
                continue;
            }
            var mean = spec!["mean"]!;
            var tolNode = spec["tolerance"]!;
            var means = mean is JsonArray ma2 ? ma2.Select(x => x!.GetValue<double>()).ToArray() : [mean.GetValue<double>()];
            var tols = tolNode is JsonArray ta ? ta.Select(x => x!.GetValue<double>()).ToArray() : Enumerable.Repeat(tolNode.GetValue<double>(), means.Length).ToArray();
            var worst = 0.0;
            var worstExcess = double.NegativeInfinity;
            for (var i = 0; i < means.Length && i < got.Length; i++)
            {
                var dev = Math.Abs(got[i] - means[i]);
                if (dev - tols[i] > worstExcess)
                {
                    worstExcess = dev - tols[i];
                    worst = dev;
                }
            }
            checks.Add(ParityOutcome.AtMost($"stats.{name}", worstExcess <= 0 ? 0 : worst, worstExcess <= 0 ? 0 : worst - worstExcess,
                string.Create(CultureInfo.InvariantCulture, $"|stat - mean| = {worst}")));
        }
    }

    private static double Std(double[] x)
    {
        var m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / x.Length);
    }
}
