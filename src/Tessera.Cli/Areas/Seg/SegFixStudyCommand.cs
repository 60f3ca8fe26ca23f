using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Data.Folders;
using Tessera.Data.Synthetic;
using Tessera.Dense.SegFix;
using Tessera.Imaging;
using Tessera.Segmentation.Labels;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>
/// <c>tessera segfix study (--gt DIR | --synthetic N) --out DIR [--factor 8]</c>: coarse predictor vs. SegFix oracle
/// refinement, with a Markdown report and pictures.
/// </summary>
internal sealed class SegFixStudyCommand(CliConsole console) : Command<SegFixStudyCommand.Settings>
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Arguments of <c>segfix study</c>.</summary>
    internal sealed class Settings : SegFixSettings
    {
        /// <summary>Ground-truth folder.</summary>
        [CommandOption("--gt <DIR>")]
        [Description("Folder of ground-truth label PNGs.")]
        public string? Gt { get; init; }

        /// <summary>Synthetic scenes.</summary>
        [CommandOption("--synthetic <N>")]
        [Description("Use N seeded synthetic shape scenes instead of --gt.")]
        public int Synthetic { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>")]
        [Description("Seed of the synthetic scenes.")]
        [DefaultValue(0UL)]
        public ulong Seed { get; init; }

        /// <summary>Block factor.</summary>
        [CommandOption("--factor <F>")]
        [Description("Coarse predictor block size (downsample by majority, upsample by nearest).")]
        [DefaultValue(8)]
        public int Factor { get; init; } = 8;

        /// <summary>Network weights.</summary>
        [CommandOption("--weights <FILE>")]
        [Description("Also refine with offsets predicted by a trained SegFix network (segfix.safetensors).")]
        public string? Weights { get; init; }

        /// <summary>Images for --gt.</summary>
        [CommandOption("--images <DIR>")]
        [Description("With --gt and --weights: folder of images named like the labels; without it, images are rendered from the labels (SceneRenderer, --seed).")]
        public string? Images { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder (report.md and pictures of the first maps).")]
        public string Out { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That((settings.Gt is null) != (settings.Synthetic == 0), "--gt", "give exactly one of --gt DIR or --synthetic N");
        Guard.That(settings.Synthetic >= 0, "--synthetic", $"must be ≥ 0 (got {settings.Synthetic})");
        var options = settings.ToOptions();
        var inputs = new List<(string, Func<LabelMap>)>();
        if (settings.Gt is not null)
        {
            if (!Directory.Exists(settings.Gt)) { throw new DirectoryNotFoundException($"--gt: folder '{settings.Gt}' does not exist"); }
            foreach (var f in Directory.EnumerateFiles(settings.Gt, "*.png").Order(StringComparer.Ordinal))
            {
                inputs.Add((Path.GetFileName(f), () => LabelMapFile.Read(f)));
            }
        }
        else
        {
            var scene = new ShapeSceneOptions { Height = 256, Width = 256, NumClasses = options.NumClasses, Shapes = 10, IgnoreFraction = 0.3 };
            for (var i = 0; i < settings.Synthetic; i++)
            {
                var idx = i;
                inputs.Add(($"scene_{i:D3}", () => LabelMap.FromNdArray(ShapeScenes.Generate(scene, settings.Seed, idx))));
            }
        }
        Guard.That(inputs.Count > 0, "--gt", "no label maps found");
        Directory.CreateDirectory(settings.Out);
        var study = new OracleStudy(options, settings.Factor, settings.Bins);
        using var predictor = settings.Weights is null ? null : SegFixPredictor.Load(settings.Weights);
        var shown = 0;
        var index = 0;
        foreach (var (name, load) in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var gt = load();
            gt.RequireLabelsInRange(options.NumClasses, options.IgnoreLabel, name);
            var (coarse, refined) = study.Add(gt, name);
            LabelMap? netRefined = null;
            Tessera.Core.Imaging.Image? image = null;
            if (predictor is not null)
            {
                var stem0 = Path.GetFileNameWithoutExtension(name);
                var imagePath = settings.Images is null ? null
                    : ImageExtensions.Select(e => Path.Combine(settings.Images, stem0 + e)).FirstOrDefault(File.Exists)
                      ?? throw new FileNotFoundException($"--images: no image named '{stem0}.png/.jpg' in '{settings.Images}'");
                image = imagePath is not null ? ImageLabelFolder.ReadRgb(imagePath) : SceneRenderer.Render(LabelMapNd(gt), settings.Seed, index);
                Guard.That(image.Height == gt.Height && image.Width == gt.Width, imagePath ?? name, $"image size {image.Height}×{image.Width} must equal the labels' {gt.Height}×{gt.Width}");
                netRefined = study.AddNet(gt, coarse, predictor.Predict(image).Offsets, name);
            }
            index++;
            if (shown++ < 3)
            {
                var stem = Path.GetFileNameWithoutExtension(name);
                ImageFile.Write(Path.Combine(settings.Out, $"{stem}_gt.png"), LabelColors.Colorize(gt));
                ImageFile.Write(Path.Combine(settings.Out, $"{stem}_coarse.png"), LabelColors.Colorize(coarse));
                ImageFile.Write(Path.Combine(settings.Out, $"{stem}_refined.png"), LabelColors.Colorize(refined));
                ImageFile.Write(Path.Combine(settings.Out, $"{stem}_fixes.png"), LabelColors.FixMap(gt, coarse, refined, options.IgnoreLabel));
                if (netRefined is not null)
                {
                    ImageFile.Write(Path.Combine(settings.Out, $"{stem}_image.png"), image!);
                    ImageFile.Write(Path.Combine(settings.Out, $"{stem}_net_refined.png"), LabelColors.Colorize(netRefined));
                    ImageFile.Write(Path.Combine(settings.Out, $"{stem}_net_fixes.png"), LabelColors.FixMap(gt, coarse, netRefined, options.IgnoreLabel));
                }
            }
        }
        var md = study.Markdown(settings.Gt is null ? "synthetic shape scenes" : Path.GetFileName(Path.GetFullPath(settings.Gt).TrimEnd('/')),
            options.NumClasses == 19 ? OracleStudy.CityscapesNames : null);
        AtomicFile.WriteAllText(Path.Combine(settings.Out, "report.md"), md);
        console.Data(md);
        return 0;
    }

    private static Tessera.Core.Arrays.NdArray LabelMapNd(LabelMap map) =>
        Tessera.Core.Arrays.NdArray.FromArray<byte>(map.Labels, map.Height, map.Width);
}
