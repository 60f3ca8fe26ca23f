using System.Globalization;
using Tessera.Core.Random;
using Tessera.Nn.Runtime;
using Tessera.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Demo;

/// <summary>
/// Training-loop section: a 2-layer MLP learns a seeded synthetic regression with AdamW and a warm-up + cosine
/// schedule; a second run is cancelled half-way and resumed from its checkpoint, and ends with the same weights.
/// </summary>
internal sealed class TrainingSection : IDemoSection
{
    private const int Steps = 40;

    /// <inheritdoc />
    public string Title => "Nn: training loop (checkpoint, cancel, resume)";

    /// <inheritdoc />
    public string Id => "training";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        if (!TorchRuntime.Describe().Loaded)
        {
            section.Paragraph("TorchSharp did not load; see the core section.");
            return;
        }
        var options = new TrainerOptions
        {
            LearningRate = 2e-2,
            Epochs = 5,
            MaxSteps = Steps,
            Schedule = new CosineWarmupSchedule(4, Steps),
            MaxGradNorm = 1.0,
            Seed = 3,
        };

        var straightDir = Path.Combine(section.SectionDirectory, "straight");
        var resumedDir = Path.Combine(section.SectionDirectory, "resumed");
        foreach (var dir in new[] { straightDir, resumedDir })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true); // a rerun of the demo starts fresh instead of resuming
            }
        }
        var (straight, straightResult) = Train(options with { OutputDirectory = straightDir }, null, cancellationToken);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = new StopAt(Steps / 2, stop);
        var (_, interrupted) = Train(options with { OutputDirectory = resumedDir }, progress, stop.Token);
        var (resumed, resumedResult) = Train(options with { OutputDirectory = resumedDir }, null, cancellationToken);

        var equal = straight.Zip(resumed).All(p => p.First.SequenceEqual(p.Second));
        var m = straightResult.Metrics;
        section.Table(["run", "steps", "first loss", "last loss", "note"],
        [
            ["uninterrupted", straightResult.Steps.ToString(inv), m[0].Loss.ToString("F4", inv), m[^1].Loss.ToString("F4", inv), "AdamW, warm-up 4 + cosine, clip 1.0"],
            ["cancelled", interrupted.Steps.ToString(inv), "", "", $"cancelled = {interrupted.Cancelled}; checkpoint written"],
            ["resumed", resumedResult.Steps.ToString(inv), "", resumedResult.Metrics[^1].Loss.ToString("F4", inv), $"resumed from step {resumedResult.ResumedFromStep}"],
        ]);
        section.Paragraph($"Resumed weights equal the uninterrupted run's bit for bit: {(equal ? "yes" : "NO")}. " +
            "The checkpoint holds only trainable parameters, AdamW moments, torch's RNG state and the position in the epoch.");
        LossPlot.Write(Path.Combine(section.SectionDirectory, LossPlot.FileName), straightResult.Metrics);
        section.PictureFile(LossPlot.FileName, "loss per step of the uninterrupted run (ScottPlot)");
    }

    private static (List<float[]> Weights, TrainingResult Result) Train(TrainerOptions options, IProgress<Tessera.Core.Progress.ProgressReport>? progress, CancellationToken token)
    {
        torch.manual_seed(11);
        using var model = nn.Sequential(("fc1", nn.Linear(3, 16)), ("act", nn.Tanh()), ("fc2", nn.Linear(16, 1)));
        using var trainer = new Trainer(model, options);
        var result = trainer.Fit<(Tensor X, Tensor Y)>(b => nn.functional.mse_loss(model.forward(b.X), b.Y), Batches, progress, token);
        return (model.parameters().Select(p => p.detach().data<float>().ToArray()).ToList(), result);
    }

    // y = sin(x0) + x1·x2 on 16 seeded samples per batch, 8 batches per epoch.
    private static IEnumerable<(Tensor X, Tensor Y)> Batches(int epoch, IRandom random)
    {
        _ = epoch;
        for (var b = 0; b < 8; b++)
        {
            var x = new float[16 * 3];
            var y = new float[16];
            for (var i = 0; i < 16; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    x[(i * 3) + j] = (float)random.Uniform(-1, 1);
                }
                y[i] = MathF.Sin(x[i * 3]) + (x[(i * 3) + 1] * x[(i * 3) + 2]);
            }
            yield return (torch.tensor(x, [16, 3]), torch.tensor(y, [16, 1]));
        }
    }

    private sealed class StopAt(long step, CancellationTokenSource source) : IProgress<Tessera.Core.Progress.ProgressReport>
    {
        public void Report(Tessera.Core.Progress.ProgressReport value)
        {
            if (value.Done >= step)
            {
                source.Cancel();
            }
        }
    }
}
