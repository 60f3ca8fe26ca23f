using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Imaging;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary>Gallery of every pixel-level augmentation on one photo; with <c>--bench</c>, the benchmark as a bar chart.</summary>
internal sealed class AugmentPixelSection(bool bench) : IDemoSection
{
    /// <summary>Each pixel transform with arguments that show it clearly (albumentations 1.3.1 serialized form, p = 1).</summary>
    private static readonly (string Name, string Args)[] Gallery =
    [
        ("Blur", "\"blur_limit\": [7, 7]"), ("GaussianBlur", "\"blur_limit\": [7, 7]"), ("MedianBlur", "\"blur_limit\": [7, 7]"),
        ("MotionBlur", "\"blur_limit\": [9, 15]"), ("GlassBlur", "\"max_delta\": 3, \"iterations\": 1"), ("Defocus", "\"radius\": [4, 6]"),
        ("ZoomBlur", "\"max_factor\": 1.2"), ("Sharpen", "\"alpha\": [0.5, 0.5]"), ("Emboss", "\"alpha\": [0.6, 0.6], \"strength\": [0.7, 0.7]"),
        ("UnsharpMask", "\"alpha\": [0.8, 0.8]"), ("Downscale", "\"scale_min\": 0.3, \"scale_max\": 0.3"), ("Superpixels", "\"p_replace\": 0.6, \"n_segments\": 80"),
        ("CLAHE", "\"clip_limit\": 4"), ("Equalize", ""), ("ChannelDropout", ""), ("ChannelShuffle", ""), ("ColorJitter", "\"hue\": 0.2"),
        ("FancyPCA", "\"alpha\": 1.0"), ("HueSaturationValue", "\"hue_shift_limit\": [40, 40]"), ("RGBShift", "\"r_shift_limit\": [40, 40]"),
        ("RandomBrightnessContrast", "\"brightness_limit\": [0.25, 0.25]"), ("RandomGamma", "\"gamma_limit\": [60, 60]"),
        ("RandomToneCurve", "\"scale\": 0.3"), ("Posterize", "\"num_bits\": 3"), ("Solarize", ""), ("InvertImg", ""), ("ToGray", ""), ("ToSepia", ""),
        ("GaussNoise", "\"var_limit\": [300, 300]"), ("ISONoise", "\"intensity\": [0.6, 0.6]"), ("MultiplicativeNoise", "\"multiplier\": [0.7, 1.3], \"elementwise\": true, \"per_channel\": true"),
        ("ImageCompression", "\"quality_lower\": 8, \"quality_upper\": 8"), ("RandomFog", "\"fog_coef_lower\": 0.6, \"fog_coef_upper\": 0.6"),
        ("RandomRain", "\"blur_value\": 3"), ("RandomShadow", ""), ("RandomSnow", "\"snow_point_lower\": 0.4, \"snow_point_upper\": 0.4"),
        ("RandomSunFlare", "\"src_radius\": 120"), ("Normalize", ""), ("ToFloat", ""), ("FromFloat", "\"dtype\": \"uint8\", \"max_value\": 1"),
        ("ToTensorV2", ""),
    ];

    /// <inheritdoc />
    public string Title => "Augmentation: pixel-level transforms";

    /// <inheritdoc />
    public string Id => "augment-pixel";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var (photo, source) = Photo();
        section.Paragraph($"Every pixel-level transform of albumentations 1.3.1, built from its serialized form with p = 1 and seed 3, on {source}.");
        section.Picture("input", photo, "input");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (name, args) in Gallery)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var json = $$"""{"__class_fullname__": "Compose", "transforms": [{"__class_fullname__": "{{name}}", "p": 1.0{{(args.Length > 0 ? ", " + args : "")}}}]}""";
            var pipeline = (ComposeBase)AlbumentationsJson.Read(json);
            var input = name == "FromFloat" ? ToFloat(photo) : photo;
            var (output, record) = pipeline.ApplyWithRecord(new Sample { Image = input }, new Core.Random.SeededRandom(3));
            section.Picture(name, Viewable(output.Image), name);
            var parameters = AlbumentationsJson.WriteReplay(pipeline, record);
            rows.Add([name, args.Length > 0 ? args : "(defaults)", Summarize(parameters)]);
        }
        section.Table(["transform", "arguments", "drawn parameters (replay)"], rows);
        if (bench)
        {
            RenderBench(section, cancellationToken);
        }
    }

    private static void RenderBench(DemoSectionWriter section, CancellationToken ct)
    {
        var baselinePath = AugmentBenchmark.FindBaseline();
        if (baselinePath is null)
        {
            section.Paragraph("Benchmark skipped: shared/bench/augment-albumentations.json not found.");
            return;
        }
        var baseline = (JsonObject)JsonNode.Parse(File.ReadAllText(baselinePath))!;
        var folder = AugmentBenchInputs.FindPhotoFolder(null);
        var images = AugmentBenchInputs.Make(folder, [], 256, 30, 0);
        var rows = AugmentBenchmark.Run(baseline, AugmentBenchmark.Names(baseline), images, 3, 2, false, BenchClock.Cpu, null, null, ct)
            .Where(r => r.Ratio is not null).ToList();
        var inv = CultureInfo.InvariantCulture;
        section.Table(["transform", "Tessera img/s (CPU time)", "albumentations img/s (stored)", "ratio"],
            rows.Select(r => (IReadOnlyList<string>)[r.Name, r.ImagesPerSecond!.Value.ToString("F0", inv), r.Baseline!.Value.ToString("F0", inv), r.Ratio!.Value.ToString("F2", inv) + "×"]));
        var plot = new ScottPlot.Plot();
        var bars = plot.Add.Bars(rows.Select(r => r.Ratio!.Value).ToArray());
        bars.Color = ScottPlot.Colors.SteelBlue;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray(), rows.Select(r => r.Name).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 60;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 190;
        var line = plot.Add.HorizontalLine(1.0);
        line.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title("Tessera / albumentations 1.3.1 (images per second, 256×256 RGB)");
        plot.Axes.Left.Label.Text = "ratio (1.0 = parity)";
        Directory.CreateDirectory(section.SectionDirectory);
        plot.SavePng(Path.Combine(section.SectionDirectory, "bench.png"), 1200, 600);
        section.PictureFile("bench.png",
            $"Images per second relative to albumentations (stored figures from {Path.GetFileName(baselinePath)}, not re-measured; Tessera timed on this machine's CPU clock, 30 images × 3 repeats; `tessera bench augment` gives the full run).");
    }

    private static (Image Photo, string Source) Photo()
    {
        var folder = AugmentBenchInputs.FindPhotoFolder(null);
        if (folder is not null)
        {
            return (AugmentBenchInputs.Make(folder, [], 256, 2, 5)[1], "a 256×256 crop of scikit-image's chelsea photo");
        }
        var baseline = AugmentBenchmark.FindBaseline();
        var fixture = baseline is null ? null : Path.Combine(Path.GetDirectoryName(baseline)!, "..", "fixtures", "augment", "inputs", "chelsea_181x257.png");
        if (fixture is not null && File.Exists(fixture))
        {
            return (ImageFile.Read(fixture), "the augment fixtures' chelsea photo");
        }
        var img = Image.Create(160, 224, 3, PixelType.UInt8);
        var p = img.Bytes;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (byte)((i * 7) + (i / 672 * 3));
        }
        return (img, "a procedural pattern (no photo found)");
    }

    private static Image ToFloat(Image img)
    {
        var f = Image.Create(img.Height, img.Width, img.Channels, PixelType.Float32);
        var d = f.Pixels<float>();
        var s = img.Bytes;
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = s[i] / 255f;
        }
        return f;
    }

    /// <summary>Float outputs (Normalize, ToFloat) are min–max scaled to uint8 for display.</summary>
    private static Image Viewable(Image img)
    {
        if (img.PixelType == PixelType.UInt8)
        {
            return img;
        }
        var values = img.ToNdArray().ToDoubleArray();
        double lo = values.Min(), hi = values.Max();
        var bytes = values.Select(v => (byte)Math.Clamp((v - lo) / Math.Max(hi - lo, 1e-12) * 255, 0, 255)).ToArray();
        return Image.FromPixels<byte>(bytes, img.Height, img.Width, img.Channels, img.Rank == 2);
    }

    private static string Summarize(string replayJson)
    {
        var node = JsonNode.Parse(replayJson);
        var p = node?["transform"]?["transforms"]?[0]?["params"] ?? node?["transforms"]?[0]?["params"];
        var text = p?.ToJsonString() ?? "{}";
        return text.Length > 90 ? text[..87] + "…" : text;
    }
}
