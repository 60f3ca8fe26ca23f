using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Data.Digits;
using Tessera.Diffusion.Evaluation;
using Tessera.Nn.Runtime;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary><c>tessera diffusion classifier --digits train --out DIR</c>: trains the digit reader that scores samples
/// (<c>diffusion score</c>) and reports its accuracy on the MNIST test split.</summary>
internal sealed class DiffusionClassifierCommand(CliConsole console) : Command<DiffusionClassifierCommand.Settings>
{
    /// <summary>Arguments of <c>diffusion classifier</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>MNIST split.</summary>
        [CommandOption("--digits <SPLIT>")]
        [Description("MNIST split to train on: train, test or all (accuracy is always reported on the test split).")]
        [DefaultValue("train")]
        public string Digits { get; init; } = "train";

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder: classifier.safetensors (sizes, steps and test accuracy in its metadata).")]
        public string Out { get; init; } = "";

        /// <summary>Steps.</summary>
        [CommandOption("--max-steps <N>")]
        [Description("Optimiser steps.")]
        [DefaultValue(1500)]
        public int Steps { get; init; } = 1500;

        /// <summary>Batch.</summary>
        [CommandOption("--batch <B>")]
        [Description("Digits per step.")]
        [DefaultValue(64)]
        public int Batch { get; init; } = 64;

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <LR>")]
        [Description("AdamW learning rate.")]
        [DefaultValue(1e-3)]
        public double LearningRate { get; init; } = 1e-3;

        /// <summary>JSON.</summary>
        [CommandOption("--json")]
        [Description("Print a JSON summary (digits, steps, seconds, test accuracy) on stdout.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Steps >= 1, "--max-steps", $"must be ≥ 1 (got {settings.Steps})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.LearningRate > 0, "--lr", $"must be > 0 (got {settings.LearningRate})");
        Guard.That(settings.Workers >= 1, "--workers", $"must be ≥ 1 (got {settings.Workers})");
        var train = DiffusionTrainingData.LoadDigits(settings.Digits, "--digits");
        var test = DiffusionTrainingData.LoadDigits("test", "--digits");
        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(settings.Workers);
        using var scope = NewDisposeScope();
        var images = DiffusionTrainingData.DigitTensors(train, train.Count, 1, DigitClassifier.Side);
        var labels = tensor(train.Labels.Select(l => (long)l).ToArray());
        TorchSharp.torch.manual_seed((long)settings.Seed);
        using var model = new DigitClassifier();
        var clock = Stopwatch.StartNew();
        var options = new DigitClassifierTrainingOptions
        {
            Steps = settings.Steps, BatchSize = settings.Batch, LearningRate = settings.LearningRate, Seed = (long)settings.Seed,
        };
        var losses = DigitClassifierTraining.Train(model, images, labels, options,
            new SyncProgress(r => { if (r.Done % 100 == 0 || r.Done == r.Total) { console.Info($"step {r.Done}/{r.Total}: {r.Detail}"); } }), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var testImages = DiffusionTrainingData.DigitTensors(test, test.Count, 1, DigitClassifier.Side);
        var accuracy = DigitClassifierTraining.Accuracy(model, testImages, tensor(test.Labels.Select(l => (long)l).ToArray()));
        var trainAccuracy = DigitClassifierTraining.Accuracy(model, images, labels);
        var inv = CultureInfo.InvariantCulture;
        var window = Math.Min(50, losses.Count);
        DigitClassifierFiles.Save(settings.Out, model, new Dictionary<string, string>
        {
            ["digits"] = settings.Digits,
            ["steps"] = settings.Steps.ToString(inv),
            ["test_accuracy"] = accuracy.ToString("R", inv),
        });
        var summary = string.Format(inv,
            "{{\"digits\": {0}, \"steps\": {1}, \"batch\": {2}, \"seconds\": {3:F1}, \"loss_first\": {4:R}, \"loss_last\": {5:R}, \"train_accuracy\": {6:R}, \"test_digits\": {7}, \"test_accuracy\": {8:R}}}",
            train.Count, settings.Steps, settings.Batch, seconds, losses.Take(window).Average(), losses.TakeLast(window).Average(), trainAccuracy, test.Count, accuracy);
        if (settings.Json) { console.Data(summary); }
        console.Info(string.Format(inv, "{0} steps in {1:F1} s; test accuracy {2:P2} on {3} digits → {4}", settings.Steps, seconds, accuracy, test.Count,
            Path.Combine(settings.Out, DigitClassifierFiles.WeightsFile)));
        return ExitCodes.Ok;
    }
}
