using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Core.Random;
using Tessera.Nn.Training;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg.Training;

/// <summary>
/// Trains the CLIPSeg decoder on referring-segmentation samples with CLIP frozen, as upstream's <c>training.py</c>:
/// binary cross-entropy on the logits; with probability q_neg a sample's phrase is swapped for a phrase of another
/// image and its target emptied; the conditional vector is <c>w·text + (1 − w)·visual</c> with w drawn uniformly per
/// sample, the visual vector coming from another sample with the same phrase (visual prompt engineering
/// <c>crop_blur_highlight</c>). The loop is Tessera.Nn's <see cref="Trainer"/> (AdamW, cosine schedule with warm-up,
/// checkpoints that resume, metrics.csv, cancellation after the current step); the decoder is exported to
/// <see cref="WeightsFileName"/> with the released checkpoints' keys, so <c>tessera segment --weights</c> loads it.
/// </summary>
public static class ClipSegTraining
{
    /// <summary>File name of the exported decoder in the output folder.</summary>
    public const string WeightsFileName = "clipseg-decoder.safetensors";

    /// <summary>Trains (or resumes from the output folder's checkpoint).</summary>
    /// <param name="model">The model; only its decoder is trained (seed torch before building it for reproducible weights).</param>
    /// <param name="bank">The conditional vectors of <paramref name="data"/> (<see cref="ClipSegPromptBank.Build"/>).</param>
    /// <param name="data">Training samples.</param>
    /// <param name="options">Settings; null = defaults.</param>
    /// <param name="progress">Step reports; may be null.</param>
    /// <param name="cancellationToken">Stops after the current step, with a checkpoint.</param>
    /// <returns>The trainer's result and the exported decoder's path (null without an output folder or when cancelled).</returns>
    /// <exception cref="TesseraArgumentException">Bad options, or the bank does not belong to the data.</exception>
    public static (TrainingResult Result, string? WeightsPath) Train(ClipSegModel model, ClipSegPromptBank bank, ClipSegDataset data,
        ClipSegTrainingOptions? options = null, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ClipSegTrainingOptions();
        options.Validate();
        Guard.That(bank.PhraseOf.Count == data.Count, nameof(bank), $"holds {bank.PhraseOf.Count} samples but the data {data.Count}");
        Guard.That(bank.TextVectors.shape[0] == options.Templates.Count, nameof(bank),
            $"was built with {bank.TextVectors.shape[0]} templates but the options name {options.Templates.Count}");
        var batchesPerEpoch = (data.Count + options.BatchSize - 1) / options.BatchSize;
        var epochs = (int)Math.Min(int.MaxValue, (options.Steps + batchesPerEpoch - 1) / batchesPerEpoch);
        using var trainer = new Trainer(model.Decoder, new TrainerOptions
        {
            Optimizer = OptimizerKind.AdamW,
            LearningRate = options.LearningRate,
            WeightDecay = options.WeightDecay,
            Epochs = epochs,
            MaxSteps = options.Steps,
            Schedule = new CosineWarmupSchedule(Math.Min(50, Math.Max(1, options.Steps / 20)), options.Steps, 0.0),
            Seed = options.Seed,
            OutputDirectory = options.OutputDirectory,
            CheckpointEvery = options.CheckpointEvery,
            ReportEvery = 1,
        });
        model.Clip.eval();
        IEnumerable<Batch> Epoch(int epoch, IRandom random)
        {
            _ = epoch;
            var order = Enumerable.Range(0, data.Count).ToArray();
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.NextInt(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            for (var b = 0; b < batchesPerEpoch; b++)
            {
                yield return MakeBatch(data, bank, order.Skip(b * options.BatchSize).Take(options.BatchSize).ToArray(), options, random);
            }
        }
        var task = TrainingTask.FromDelegate<Batch>(b =>
        {
            using var output = ForwardTrainable(model, b.Images, b.Conditional);
            return nn.functional.binary_cross_entropy_with_logits(output, b.Target);
        }, b => (int)b.Images.shape[0]);
        var result = trainer.Fit(task, Epoch, progress, cancellationToken);
        model.Decoder.eval();
        string? weights = null;
        if (options.OutputDirectory is not null && !result.Cancelled)
        {
            weights = Path.Combine(options.OutputDirectory, WeightsFileName);
            var inv = CultureInfo.InvariantCulture;
            CheckpointWriter.Save(weights, model.Decoder, new Dictionary<string, string>
            {
                ["format"] = "clipseg-decoder",
                ["reduce_dim"] = model.Decoder.Config.ReduceDim.ToString(inv),
                ["extract_layers"] = string.Join(",", model.Decoder.Config.ExtractLayers),
                ["complex_trans_conv"] = model.Decoder.Config.ComplexTransConv ? "true" : "false",
                ["steps"] = result.Steps.ToString(inv),
                ["seed"] = options.Seed.ToString(inv),
                ["samples"] = data.Count.ToString(inv),
                ["size"] = data.Size.ToString(inv),
            });
        }
        return (result, weights);
    }

    /// <summary>Logits <c>[B, 1, S, S]</c> with gradients through the decoder only (CLIP runs without gradient).</summary>
    private static Tensor ForwardTrainable(ClipSegModel model, Tensor images, Tensor conditional)
    {
        using var scope = torch.NewDisposeScope();
        var patch = model.Clip.Config.VisionPatchSize;
        var extract = model.Decoder.Config.ExtractLayers;
        Tensor[] blocks;
        using (torch.no_grad())
        {
            (_, blocks) = ClipVisionTaps.Run(model.Clip.Visual, images, extract);
        }
        var tokens = model.Decoder.Tokens(blocks, conditional, (int)(images.shape[2] / patch), (int)(images.shape[3] / patch));
        return model.Decoder.Upsample(tokens).MoveToOuterDisposeScope();
    }

    /// <summary>One batch: images <c>[B, 3, S, S]</c>, conditional vectors <c>[B, E]</c>, targets <c>[B, 1, S, S]</c>.</summary>
    internal sealed record Batch(Tensor Images, Tensor Conditional, Tensor Target);

    internal static Batch MakeBatch(ClipSegDataset data, ClipSegPromptBank bank, int[] members, ClipSegTrainingOptions options, IRandom random)
    {
        var n = members.Length;
        var imageIds = new long[n];
        var templateIds = new long[n];
        var phraseIds = new long[n];
        var exampleIds = new long[n];
        var keep = new float[n];
        var weights = new float[n];
        var phraseCount = bank.DistinctPhrases.Count;
        for (var k = 0; k < n; k++)
        {
            var i = members[k];
            imageIds[k] = data.ImageOf[i];
            var phrase = bank.PhraseOf[i];
            keep[k] = 1;
            if (options.NegativeProbability > 0 && random.NextDouble() < options.NegativeProbability)
            {
                // A phrase that names nothing in this image (a few tries; the world's phrase pool is large).
                var own = bank.PhrasesOfImage[data.ImageOf[i]];
                for (var attempt = 0; attempt < 20; attempt++)
                {
                    var other = random.NextInt(0, phraseCount);
                    if (!own.Contains(other))
                    {
                        phrase = other;
                        keep[k] = 0;
                        break;
                    }
                }
            }
            phraseIds[k] = phrase;
            templateIds[k] = random.NextInt(0, options.Templates.Count);
            var candidates = bank.SamplesByPhrase[phrase];
            var example = candidates[random.NextInt(0, candidates.Count)];
            if (candidates.Count > 1 && example == i) { example = candidates[(IndexOf(candidates, i) + 1) % candidates.Count]; }
            exampleIds[k] = example;
            weights[k] = options.MixTextMin is { } min ? (float)random.Uniform(min, options.MixTextMax) : 1f;
        }
        var images = data.Images.index_select(0, torch.tensor(imageIds));
        var text = bank.TextVectors[torch.tensor(templateIds), torch.tensor(phraseIds)];
        var visual = bank.VisualVectors.index_select(0, torch.tensor(exampleIds));
        var conditional = ClipSegModel.Mix(text, visual, torch.tensor(weights));
        var target = data.Masks.index_select(0, torch.tensor(members.Select(m => (long)m).ToArray())) * torch.tensor(keep).reshape(n, 1, 1);
        return new Batch(images, conditional, target.unsqueeze(1));
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value) { return i; }
        }
        return 0;
    }
}
