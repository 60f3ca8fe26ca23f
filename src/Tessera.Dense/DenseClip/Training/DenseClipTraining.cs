using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Core.Random;
using Tessera.Nn.Training;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip.Training;

/// <summary>
/// Trains a <see cref="DenseClipSegmentor"/> end to end with Tessera.Nn's <see cref="Trainer"/> (AdamW, cosine
/// schedule, checkpoints that resume, metrics.csv, cancellation): cross-entropy of the head's logits plus, for DenseCLIP,
/// the auxiliary score-map loss. CLIP's image and text towers stay frozen (upstream trains the image tower at 0.1× the
/// learning rate and freezes the text tower); the learnable context (or the pre-model queries and their decoder), γ,
/// the context decoder and the head are trained.
/// </summary>
public static class DenseClipTraining
{
    /// <summary>File name of the exported weights (the trained tensors only; the frozen CLIP towers come from the CLIP file).</summary>
    public const string WeightsFileName = "denseclip.safetensors";

    /// <summary>The lower-case name of a prompting mode as stored in the exported file's <c>prompting</c> metadata and
    /// accepted by <see cref="ParsePrompting"/>: <c>post</c>, <c>pre</c> or <c>both</c>.</summary>
    /// <param name="prompting">The mode.</param>
    /// <returns>Its name.</returns>
    public static string PromptingName(DenseClipPrompting prompting) => prompting switch
    {
        DenseClipPrompting.Pre => "pre",
        DenseClipPrompting.Both => "both",
        _ => "post",
    };

    /// <summary>Parses <c>post</c>, <c>pre</c> or <c>both</c> (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="paramName">Argument named in the error.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="TesseraArgumentException">Any other name.</exception>
    public static DenseClipPrompting ParsePrompting(string name, string paramName = "prompting")
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "post" => DenseClipPrompting.Post,
            "pre" => DenseClipPrompting.Pre,
            "both" => DenseClipPrompting.Both,
            _ => throw new TesseraArgumentException(paramName, $"must be post, pre or both (got '{name}')"),
        };
    }

    /// <summary>Trains (or resumes from the output folder's checkpoint).</summary>
    /// <param name="segmentor">The model.</param>
    /// <param name="samples">Training samples (all one size).</param>
    /// <param name="options">Settings.</param>
    /// <param name="metadata">Extra strings for the exported file (class names, blocks…); may be null.</param>
    /// <param name="progress">Step reports; may be null.</param>
    /// <param name="cancellationToken">Stops after the current step, with a checkpoint.</param>
    /// <returns>The trainer's result and the exported weights' path (null without an output folder or when cancelled).</returns>
    public static (TrainingResult Result, string? WeightsPath) Train(DenseClipSegmentor segmentor, SegmentationSamples samples, DenseClipTrainingOptions? options = null,
        IReadOnlyDictionary<string, string>? metadata = null, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segmentor);
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new DenseClipTrainingOptions();
        options.Validate();
        var batches = (samples.Count + options.BatchSize - 1) / options.BatchSize;
        var epochs = (int)Math.Min(int.MaxValue, (options.Steps + batches - 1) / batches);
        using var trainer = new Trainer(segmentor, new TrainerOptions
        {
            Optimizer = OptimizerKind.AdamW,
            LearningRate = options.LearningRate,
            WeightDecay = options.WeightDecay,
            NoWeightDecayOnBiasAndNorm = true,
            Epochs = epochs,
            MaxSteps = options.Steps,
            Schedule = new CosineWarmupSchedule(Math.Min(50, Math.Max(1, options.Steps / 20)), options.Steps, 0.0),
            Seed = options.Seed,
            OutputDirectory = options.OutputDirectory,
            CheckpointEvery = options.CheckpointEvery,
            FrozenPrefixes = segmentor.FrozenPrefixes,
            ReportEvery = 1,
        });
        IEnumerable<(Tensor Images, Tensor Labels)> Epoch(int epoch, IRandom random)
        {
            _ = epoch;
            var order = Enumerable.Range(0, samples.Count).ToArray();
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.NextInt(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            for (var b = 0; b < batches; b++)
            {
                var idx = torch.tensor(order.Skip(b * options.BatchSize).Take(options.BatchSize).Select(i => (long)i).ToArray());
                yield return (samples.Images.index_select(0, idx), samples.Labels.index_select(0, idx));
            }
        }
        var task = TrainingTask.FromDelegate<(Tensor Images, Tensor Labels)>(b => segmentor.Loss(b.Images, b.Labels, options.AuxWeight), b => (int)b.Images.shape[0]);
        var result = trainer.Fit(task, Epoch, progress, cancellationToken);
        segmentor.eval();
        string? weights = null;
        if (options.OutputDirectory is not null && !result.Cancelled)
        {
            weights = Path.Combine(options.OutputDirectory, WeightsFileName);
            var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
            {
                ["format"] = "denseclip-segmentor",
                ["score_maps"] = segmentor.UsesScoreMaps ? "true" : "false",
                ["prompting"] = PromptingName(segmentor.Core?.Config.Prompting ?? DenseClipPrompting.Post),
                ["steps"] = result.Steps.ToString(CultureInfo.InvariantCulture),
                ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            };
            using var trained = DenseClipWorld.TrainedTensors(segmentor);
            CheckpointWriter.Save(weights, trained, meta);
        }
        return (result, weights);
    }
}
