using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Commands;
using Tessera.Cli.Commands.Bench;
using Tessera.Cli.Commands.Seg;
using Tessera.Cli.Commands.SegFix;
using Tessera.Core.Errors;

namespace Tessera.Cli;

/// <summary>Builds the <c>tessera</c> command tree and runs it with one-line errors.</summary>
internal static class TesseraApp
{
    /// <summary>Exit code for bad input (typed Tessera errors, missing files).</summary>
    public const int BadInputExitCode = 2;

    /// <summary>Runs the CLI.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where output goes.</param>
    /// <returns>Process exit code: 0 success, 1 failure (e.g. a parity case failed), 2 bad input.</returns>
    public static int Run(string[] args, IAnsiConsole console)
    {
        var verbose = args.Contains("--verbose");
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("tessera");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(console);
            config.SetExceptionHandler((ex, _) =>
            {
                var inner = ex is CommandRuntimeException && ex.InnerException is not null ? ex.InnerException : ex;
                if (verbose)
                {
                    console.WriteException(inner);
                }
                else
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {inner.Message}");
                }
                return inner switch
                {
                    TesseraArgumentException or TesseraFormatException or FileNotFoundException or DirectoryNotFoundException
                        or CommandParseException or CommandRuntimeException => BadInputExitCode,
                    OperationCanceledException => 130,
                    _ => 1,
                };
            });
            Register(config);
        });
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return app.Run(args, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The informational version of the CLI assembly.</summary>
    public static string Version =>
        typeof(TesseraApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static void Register(IConfigurator config)
    {
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("Run the demo on embedded data and write out/demo/index.html.");
        config.AddCommand<ParityCommand>("parity")
            .WithDescription("Check Tessera against reference fixtures (one row per case).")
            .WithExample("parity", "../shared/fixtures", "--group", "clip");
        config.AddBranch("seg", b =>
        {
            b.SetDescription("Segmentation metrics.");
            b.AddCommand<SegEvalCommand>("eval")
                .WithDescription("mIoU, per-class IoU, pixel accuracy and boundary F of a prediction folder against a ground-truth folder.")
                .WithExample("seg", "eval", "--pred", "preds", "--gt", "labels", "--classes", "19", "--json");
        });
        config.AddBranch("segfix", b =>
        {
            b.SetDescription("SegFix boundary refinement: label-space ground truth and refinement, and the SegFix network.");
            b.AddCommand<SegFixGtCommand>("gt")
                .WithDescription("Distance, boundary, direction and offset maps of a label PNG.")
                .WithExample("segfix", "gt", "label.png", "--out", "out/gt", "--ksize", "5", "--bins", "8");
            b.AddCommand<SegFixRefineCommand>("refine")
                .WithDescription("Refine a label PNG with an offset .npy or with oracle offsets from a ground truth.")
                .WithExample("segfix", "refine", "pred.png", "--gt", "label.png", "--out", "refined.png");
            b.AddCommand<SegFixTrainCommand>("train")
                .WithDescription("Train the SegFix network (boundary + direction branches) on image/label pairs or synthetic scenes; resumable.")
                .WithExample("segfix", "train", "--synthetic", "400", "--out", "out/segfix-net", "--epochs", "20");
            b.AddCommand<SegFixPredictCommand>("predict")
                .WithDescription("Predict offsets for an image with trained weights and refine another model's label PNG.")
                .WithExample("segfix", "predict", "--weights", "out/segfix-net/segfix.safetensors", "--image", "img.png", "--pred", "pred.png", "--out", "refined.png");
            b.AddCommand<SegFixStudyCommand>("study")
                .WithDescription("Coarse predictor vs. SegFix oracle refinement: metrics before/after and pictures.")
                .WithExample("segfix", "study", "--synthetic", "20", "--out", "out/study");
        });
        config.AddBranch("bench", b =>
        {
            b.SetDescription("Benchmarks against recorded reference timings.");
            b.AddCommand<BenchSegFixCommand>("segfix")
                .WithDescription("SegFix ground truth on 1024×2048 label maps vs. openseg.pytorch's recorded time.");
            b.AddCommand<BenchNnCommand>("nn")
                .WithDescription("ViT forward through the module layer vs bare TorchSharp calls, plus a tensor-leak check.")
                .WithExample("bench", "nn", "--runs", "7");
        });
    }
}
