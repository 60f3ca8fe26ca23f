using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Data.Synthetic;
using Tessera.Imaging;
using Tessera.Segmentation.Labels;

namespace Tessera.Cli.Commands.SegFix;

/// <summary>
/// <c>tessera segfix study (--gt DIR | --synthetic N) --out DIR [--factor 8]</c>: coarse predictor vs. SegFix oracle
/// refinement, with a Markdown report and pictures.
/// </summary>
internal sealed class SegFixStudyCommand(IAnsiConsole console) : Command<SegFixStudyCommand.Settings>
{
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

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder (report.md and pictures of the first maps).")]
        public string Out { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(!string.IsNullOrEmpty(settings.Out), "--out", "is required");
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
        var shown = 0;
        foreach (var (name, load) in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var gt = load();
            gt.RequireLabelsInRange(options.NumClasses, options.IgnoreLabel, name);
            var (coarse, refined) = study.Add(gt, name);
            if (shown++ < 3)
            {
                var stem = Path.GetFileNameWithoutExtension(name);
                ImageFile.Write(Path.Combine(settings.Out, $"{stem}_gt.png"), LabelColors.Colorize(gt));
                ImageFile.Write(Path.Combine(settings.Out, $"{stem}_coarse.png"), LabelColors.Colorize(coarse));
                ImageFile.Write(Path.Combine(settings.Out, $"{stem}_refined.png"), LabelColors.Colorize(refined));
                ImageFile.Write(Path.Combine(settings.Out, $"{stem}_fixes.png"), LabelColors.FixMap(gt, coarse, refined, options.IgnoreLabel));
            }
        }
        var md = study.Markdown(settings.Gt is null ? "synthetic shape scenes" : Path.GetFileName(Path.GetFullPath(settings.Gt).TrimEnd('/')),
            options.NumClasses == 19 ? OracleStudy.CityscapesNames : null);
        AtomicFile.WriteAllText(Path.Combine(settings.Out, "report.md"), md);
        console.WriteLine(md);
        return 0;
    }
}
