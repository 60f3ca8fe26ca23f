using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Commands;
using Tessera.Cli.Commands.Bench;
using Tessera.Cli.Commands.Clip;
using Tessera.Cli.Commands.Seg;
using Tessera.Cli.Commands.SegFix;
using Tessera.Cli.Commands.Model;
using Tessera.Cli.Commands.Mesh;
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
        config.AddBranch("augment", b =>
        {
            b.SetDescription("albumentations-compatible augmentation: run a pipeline over a dataset, preview it.");
            b.AddCommand<Commands.Augment.AugmentRunCommand>("run")
                .WithDescription("Augment a folder of images (+ masks, + COCO boxes/keypoints) with a pipeline file.")
                .WithExample("augment", "run", "--pipeline", "pipe.yaml", "--images", "imgs", "--out", "aug", "--seed", "1", "--workers", "2");
            b.AddCommand<Commands.Augment.AugmentPreviewCommand>("preview")
                .WithDescription("Draw a grid of random applications of a pipeline to one image.")
                .WithExample("augment", "preview", "--pipeline", "pipe.json", "--image", "cat.png", "--grid", "3x3", "--out", "grid.png");
        });
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
            b.AddCommand<BenchMeshCommand>("mesh")
                .WithDescription("Loop/sqrt3 subdivision, QEM decimation and OBJ I/O vs. the stored OpenMesh times.");
            b.AddCommand<Commands.Bench.BenchAugmentCommand>("augment")
                .WithDescription("Images per second of each augmentation vs the stored albumentations 1.3.1 figures.")
                .WithExample("bench", "augment", "--transforms", "all", "--size", "256", "--images", "200", "--repeat", "5", "--json", "out/bench-augment.json");
        });
        config.AddBranch("clip", clip =>
        {
            clip.SetDescription("CLIP tools.");
            clip.AddCommand<ClipTokenizeCommand>("tokenize")
                .WithDescription("Print CLIP token ids (start, BPE ids, end) for each text.")
                .WithExample("clip", "tokenize", "--vocab", "bpe_simple_vocab_16e6.txt.gz", "a photo of a cat");
            clip.AddCommand<ClipClassifyCommand>("classify")
                .WithDescription("Zero-shot classify an image with CLIP weights (probabilities over the labels).")
                .WithExample("clip", "classify", "--weights", "ViT-B-16.pt", "--image", "cat.jpg", "--labels", "a cat,a dog", "--vocab", "bpe_simple_vocab_16e6.txt.gz");
        });
        config.AddBranch("model", model =>
        {
            model.SetDescription("Weight files.");
            model.AddCommand<ModelInspectCommand>("inspect")
                .WithDescription("List a weight file's format, keys, shapes, dtypes and parameter count.")
                .WithExample("model", "inspect", "ViT-B-16.pt");
        });
        config.AddBranch("mesh", mesh =>
        {
            mesh.SetDescription("Triangle meshes: topology, clean-up, triangulation, simplification, subdivision, conversion.");
            mesh.AddCommand<MeshInfoCommand>("info").WithDescription("Topology facts of a mesh file.")
                .WithExample("mesh", "info", "bunny.obj", "--json");
            mesh.AddCommand<MeshCleanCommand>("clean").WithDescription("Weld duplicates, drop degenerate/duplicate faces and unused vertices, orient faces.");
            mesh.AddCommand<MeshTriangulateCommand>("triangulate").WithDescription("Triangulate a polygon with holes (ear clipping).");
            mesh.AddCommand<MeshSimplifyCommand>("simplify").WithDescription("Simplify (QEM edge collapse, vertex decimation or clustering).")
                .WithExample("mesh", "simplify", "--target-faces", "5000", "in.obj", "out.ply");
            mesh.AddCommand<MeshSubdivideCommand>("subdivide").WithDescription("Loop or sqrt3 subdivision.")
                .WithExample("mesh", "subdivide", "--scheme", "sqrt3", "--iterations", "2", "in.obj", "out.obj");
            mesh.AddCommand<MeshConvertCommand>("convert").WithDescription("Convert between OBJ, PLY, STL, glTF and GLB.");
        });
    }
}
