using System.Diagnostics;
using Tessera.Core.Errors;
using Tessera.Nn.Training;
using Tessera.Prompting.Methods;
using Tessera.Prompting.Training;
using Tessera.World.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Prompt.Bench;

/// <summary>Settings of a bench run.</summary>
internal sealed record PromptBenchOptions
{
    public required string ModelsDirectory { get; init; }
    public IReadOnlyList<string> Tasks { get; init; } = PromptBenchSet.Names;
    public IReadOnlyList<string> Methods { get; init; } = PromptBenchRunner.DefaultMethods;
    public IReadOnlyList<int> Shots { get; init; } = [1, 2, 4, 8, 16];
    public int Seeds { get; init; } = 3;
    public int Steps { get; init; } = 40;
    public int Batch { get; init; } = 16;
    public int TestCount { get; init; } = 300;
    public double LrScale { get; init; } = 1.0;
}

/// <summary>
/// Runs the results table of <c>docs/prompting.md</c>: every method on every task, shots and seed, with the same step
/// budget, AdamW at the method's default learning rate, and the same test set per task.
/// </summary>
internal static class PromptBenchRunner
{
    /// <summary>The methods of the table: five on the tiny ViT, three on the tiny CLIP.</summary>
    public static IReadOnlyList<string> DefaultMethods { get; } = ["linear", "full", "bitfit", "vpt-shallow", "vpt-deep", "zero-shot", "coop", "pad"];

    /// <summary>Runs the bench; <paramref name="report"/> receives one line per model.</summary>
    public static List<PromptBenchRun> Run(PromptBenchOptions o, Action<string> report, CancellationToken cancellationToken)
    {
        var methods = o.Methods.Select(m => PromptMethods.Parse(m, "--methods")).ToList();
        var vitDir = Path.Combine(o.ModelsDirectory, WorldModels.VitFolder);
        var clipDir = Path.Combine(o.ModelsDirectory, WorldModels.ClipFolder);
        using var vit = PromptBackbone.FromVit(WorldModels.LoadVit(vitDir), WorldModels.VitFolder, owns: true);
        var clipModel = WorldModels.LoadClip(clipDir);
        using var clip = PromptBackbone.FromClip(clipModel.Model, clipModel.Tokenizer, WorldModels.ClipFolder, owns: true);
        var runs = new List<PromptBenchRun>();
        var total = o.Tasks.Count * methods.Sum(m => m == PromptMethod.ZeroShot ? 1 : o.Shots.Count * o.Seeds);
        foreach (var taskName in o.Tasks)
        {
            var set = PromptBenchSet.Build(taskName, o.TestCount, Math.Max(16, o.Shots.Max()));
            var (vitTest, vitTestLabels) = PromptBenchSet.Tensors(set.TestPixels, set.TestLabels, vit.Vit!.Config.Mean, vit.Vit.Config.Std);
            var (clipTest, clipTestLabels) = PromptBenchSet.Tensors(set.TestPixels, set.TestLabels, clip.Clip!.Config.Mean, clip.Clip.Config.Std);
            using var d1 = vitTest;
            using var d2 = vitTestLabels;
            using var d3 = clipTest;
            using var d4 = clipTestLabels;
            foreach (var method in methods.Where(m => m == PromptMethod.ZeroShot))
            {
                using var task = PromptTask.Create(method, clip, set.ClassNames, new PromptMethodOptions { Template = set.Template });
                var accuracy = PromptTraining.Accuracy(task.Model, clipTest, clipTestLabels, 100);
                runs.Add(new PromptBenchRun(taskName, 0, 0, "zero-shot", WorldModels.ClipFolder, accuracy, 0, clip.ParameterCount, 0, 0, double.NaN));
                report(Line(runs.Count, total, runs[^1]));
            }
            foreach (var shots in o.Shots)
            {
                for (var seed = 0; seed < o.Seeds; seed++)
                {
                    var (pixels, labels) = set.FewShot(shots, (seed * 1000) + shots);
                    var (vitTrain, vitLabels) = PromptBenchSet.Tensors(pixels, labels, vit.Vit.Config.Mean, vit.Vit.Config.Std);
                    var (clipTrain, clipLabels) = PromptBenchSet.Tensors(pixels, labels, clip.Clip.Config.Mean, clip.Clip.Config.Std);
                    using var t1 = vitTrain;
                    using var t2 = vitLabels;
                    using var t3 = clipTrain;
                    using var t4 = clipLabels;
                    foreach (var method in methods.Where(m => m != PromptMethod.ZeroShot))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var onClip = PromptMethods.UsesClip(method);
                        // Full fine-tune and BitFit change backbone weights: each run gets a fresh copy of the pretrained ViT.
                        using var own = PromptMethods.TrainsBackbone(method) ? PromptBackbone.FromVit(WorldModels.LoadVit(vitDir), WorldModels.VitFolder, owns: true) : null;
                        var backbone = onClip ? clip : own ?? vit;
                        using var task = PromptTask.Create(method, backbone, set.ClassNames, new PromptMethodOptions { Template = set.Template }, seed);
                        var (x, y) = onClip ? (clipTrain, clipLabels) : (vitTrain, vitLabels);
                        var n = (int)x.shape[0];
                        var sw = Stopwatch.StartNew();
                        var result = PromptTraining.Train(task.Model, x, y, new TrainerOptions
                        {
                            LearningRate = PromptMethods.DefaultLearningRate(method) * o.LrScale,
                            Epochs = o.Steps,
                            MaxSteps = o.Steps,
                            Seed = (ulong)seed,
                        }, Math.Min(o.Batch, n), null, cancellationToken);
                        var seconds = sw.Elapsed.TotalSeconds;
                        if (result.Cancelled) { throw new OperationCanceledException(cancellationToken); }
                        var loss = result.Metrics.Count > 0 ? result.Metrics[^1].Loss : double.NaN;
                        var accuracy = PromptTraining.Accuracy(task.Model, onClip ? clipTest : vitTest, onClip ? clipTestLabels : vitTestLabels, 100);
                        runs.Add(new PromptBenchRun(taskName, shots, seed, PromptMethods.Name(method), backbone.Name, accuracy, task.TrainableCount,
                            backbone.ParameterCount, result.Steps, seconds, loss));
                        report(Line(runs.Count, total, runs[^1]));
                    }
                }
            }
        }
        return runs;
    }

    private static string Line(int done, int total, PromptBenchRun r) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"[{done}/{total}] {r.Task} {r.Shots}-shot seed {r.Seed} {r.Method}: {r.Accuracy:P1} ({r.TrainSeconds:F1} s, loss {r.FinalLoss:F3})");
}
