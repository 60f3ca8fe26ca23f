using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.IO;
using Tessera.Core.Progress;
using Tessera.Data.World;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Runtime;
using Tessera.Nn.Training;
using Tessera.Nn.Weights;
using Tessera.World.Models;
using Tessera.World.Vocabulary;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.World.Pretraining;

/// <summary>
/// Pretrains the tiny world models on CPU with <see cref="Trainer"/> (AdamW, cosine schedule with 5 % warm-up, gradient
/// clipping at 1, resumable checkpoints every <see cref="WorldPretrainOptions.CheckpointEvery"/> steps), then evaluates
/// them on held-out scenes and writes the model file and its card.
/// </summary>
/// <remarks>
/// Data: batch <c>b</c> of epoch <c>e</c> holds scenes <c>(e·100 + b)·B …</c> of the world under the run's seed
/// (epochs of 100 batches), generated on the fly; ViT: the <c>classify</c> domain at 32², label = shape × 8 + colour;
/// CLIP: ¾ of each batch from <c>classify</c> (texts from <see cref="WorldTexts.TrainingText"/>) and ¼ from <c>clean</c>
/// (captions), symmetric InfoNCE with CLIP's learnable temperature. Same seed → same weights on the same machine kind
/// (libtorch CPU kernels are deterministic for these ops at a fixed thread count).
/// </remarks>
public static class WorldPretraining
{
    private const int BatchesPerEpoch = 100;

    /// <summary>Trains, evaluates and writes <c>model.safetensors</c>, <c>card.md</c>, <c>card.json</c>, <c>metrics.csv</c>
    /// (the loss curve picture is drawn by the caller from <see cref="WorldPretrainResult.StepMetrics"/>).</summary>
    /// <param name="options">Settings.</param>
    /// <param name="progress">Training progress (every 10 steps) and evaluation stages; may be null.</param>
    /// <param name="cancellationToken">Stops after the current step with a resumable checkpoint (run again to resume).</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="Core.Errors.TesseraArgumentException">An option is invalid.</exception>
    public static WorldPretrainResult Run(WorldPretrainOptions options, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.EnsureLoaded();
        var output = options.OutputDirectory;
        var trainingDir = Path.Combine(output, "training");
        Directory.CreateDirectory(trainingDir);
        var loadBefore = Tessera.Core.Diagnostics.LoadAverage.OneMinuteValue();
        var trainerOptions = new TrainerOptions
        {
            Optimizer = OptimizerKind.AdamW,
            LearningRate = options.LearningRate,
            WeightDecay = 0.05,
            NoWeightDecayOnBiasAndNorm = true,
            Schedule = new CosineWarmupSchedule(Math.Max(1, options.Steps / 20), options.Steps, 0.02),
            MaxGradNorm = 1.0,
            Epochs = int.MaxValue,
            MaxSteps = options.Steps,
            Seed = options.Seed,
            OutputDirectory = trainingDir,
            CheckpointEvery = options.CheckpointEvery,
            Resume = true,
            ReportEvery = 10,
        };
        torch.set_num_threads(options.Threads);
        torch.manual_seed(unchecked((long)options.Seed));
        return options.Model == WorldModelKind.Vit
            ? RunVit(options, trainerOptions, loadBefore, progress, cancellationToken)
            : RunClip(options, trainerOptions, loadBefore, progress, cancellationToken);
    }

    private static WorldPretrainResult RunVit(WorldPretrainOptions o, TrainerOptions t, double? loadBefore, IProgress<ProgressReport>? progress, CancellationToken ct)
    {
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = WorldModels.ImageSize, Seed = o.Seed });
        using var model = new VisionTransformer(WorldModels.VitConfig);
        var mean = model.Config.Mean;
        var std = model.Config.Std;
        using var trainer = new Trainer(model, t);
        var result = trainer.Fit(
            TrainingTask.FromDelegate<(Tensor Images, Tensor Labels)>(
                b => nn.functional.cross_entropy(model.forward(b.Images), b.Labels), b => (int)b.Labels.shape[0]),
            (epoch, _) => Batches(epoch, o.BatchSize, start =>
            {
                var scenes = world.Generate(start, o.BatchSize, maxDegreeOfParallelism: 1);
                return (WorldTensors.Images(scenes, mean, std), torch.tensor(scenes.Select(s => (long)s.Objects[0].ShapeColorClass).ToArray()));
            }),
            progress, ct);
        if (result.Cancelled) { return Cancelled(result); }
        progress?.Report(new ProgressReport("evaluate", 0, 1));
        var (cls, shape, color) = WorldEvaluation.VitAccuracy(model, WorldEvaluation.HeldOut(o.Seed, o.EvaluationCount));
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["accuracy"] = cls, ["shape_accuracy"] = shape, ["color_accuracy"] = color };
        var weights = Path.Combine(o.OutputDirectory, WorldModels.WeightsFile);
        CheckpointWriter.Save(weights, model, new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt", ["tessera.model"] = "world-vit-tiny" });
        var parameters = model.parameters().Sum(p => p.numel());
        return Finish(o, result, metrics, weights, parameters, loadBefore, VitCard(o, parameters));
    }

    private static WorldPretrainResult RunClip(WorldPretrainOptions o, TrainerOptions t, double? loadBefore, IProgress<ProgressReport>? progress, CancellationToken ct)
    {
        var vocabSize = CompactClipVocabulary.Write(o.VocabularySource!, WorldTexts.Words.Append("a large red triangle on a plain background"), o.OutputDirectory);
        var tokenizer = ClipTokenizer.FromFile(o.OutputDirectory);
        var config = WorldModels.ClipConfig(vocabSize);
        using var model = new ClipModel(config);
        model.InitializeParameters(unchecked((long)o.Seed));
        var single = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = WorldModels.ImageSize, Seed = o.Seed });
        var multi = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = WorldModels.ImageSize, Seed = o.Seed });
        var singles = o.BatchSize * 3 / 4;
        using var trainer = new Trainer(model, t with { NoWeightDecayOnBiasAndNorm = true });
        var result = trainer.Fit(
            TrainingTask.FromDelegate<(Tensor Images, Tensor Tokens)>(b =>
            {
                var img = model.EncodeImage(b.Images);
                var txt = model.EncodeText(b.Tokens);
                var logits = model.Logits(img, txt);
                var target = torch.arange(logits.shape[0], ScalarType.Int64);
                return (nn.functional.cross_entropy(logits, target) + nn.functional.cross_entropy(logits.t(), target)) / 2;
            }, b => (int)b.Images.shape[0]),
            (epoch, _) => Batches(epoch, o.BatchSize, start =>
            {
                var scenes = single.Generate(start, singles, maxDegreeOfParallelism: 1).Concat(multi.Generate(start, o.BatchSize - singles, maxDegreeOfParallelism: 1)).ToList();
                var texts = scenes.Select(s => WorldTexts.TrainingText(s, o.Seed)).ToList();
                var tokens = Nn.Tensors.ImageTensors.ToTensor(tokenizer.Tokenize(texts, config.ContextLength, truncate: true));
                return (WorldTensors.Images(scenes, config.Mean, config.Std), tokens);
            }),
            progress, ct);
        if (result.Cancelled) { return Cancelled(result); }
        progress?.Report(new ProgressReport("evaluate", 0, 1));
        var weights = Path.Combine(o.OutputDirectory, WorldModels.WeightsFile);
        CheckpointWriter.Save(weights, model, new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt", ["tessera.model"] = "world-clip-tiny" });
        using var loaded = WorldModels.LoadClip(o.OutputDirectory);
        var (shape, color, cls) = WorldEvaluation.ClipZeroShot(loaded, WorldEvaluation.HeldOut(o.Seed, o.EvaluationCount));
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["zero_shot_shape_accuracy"] = shape, ["zero_shot_color_accuracy"] = color, ["zero_shot_class_accuracy"] = cls,
        };
        var parameters = model.parameters().Sum(p => p.numel());
        return Finish(o, result, metrics, weights, parameters, loadBefore, ClipCard(o, parameters, vocabSize));
    }

    private static IEnumerable<T> Batches<T>(int epoch, int batchSize, Func<int, T> make)
    {
        for (var b = 0; b < BatchesPerEpoch; b++)
        {
            yield return make(((epoch * BatchesPerEpoch) + b) * batchSize);
        }
    }

    private static WorldPretrainResult Cancelled(TrainingResult r) =>
        new(r.Steps, true, r.ResumedFromStep, r.Metrics.Count > 0 ? r.Metrics[^1].ElapsedSeconds : 0, new Dictionary<string, double>(), null);

    private static WorldPretrainResult Finish(WorldPretrainOptions o, TrainingResult r, Dictionary<string, double> metrics, string weights,
        long parameters, double? loadBefore, (string Title, string Data, string Architecture) card)
    {
        var wall = r.Metrics.Count > 0 ? r.Metrics[^1].ElapsedSeconds : 0;
        var loadAfter = Tessera.Core.Diagnostics.LoadAverage.OneMinuteValue();
        var trainingDir = Path.Combine(o.OutputDirectory, "training");
        var metricsCsv = Path.Combine(trainingDir, "metrics.csv");
        if (File.Exists(metricsCsv)) { AtomicFile.WriteAllBytes(Path.Combine(o.OutputDirectory, "metrics.csv"), File.ReadAllBytes(metricsCsv)); }
        if (!o.KeepTrainingState && File.Exists(Path.Combine(trainingDir, "checkpoint.safetensors")))
        {
            Directory.Delete(trainingDir, recursive: true);
        }
        var finalLoss = r.Metrics.Count > 0 ? r.Metrics.TakeLast(Math.Min(20, r.Metrics.Count)).Average(m => m.Loss) : double.NaN;
        var json = new JsonObject
        {
            ["model"] = o.Model == WorldModelKind.Vit ? WorldModels.VitFolder : WorldModels.ClipFolder,
            ["architecture"] = card.Architecture,
            ["parameters"] = parameters,
            ["data"] = card.Data,
            ["steps"] = r.Steps,
            ["batch_size"] = o.BatchSize,
            ["learning_rate"] = o.LearningRate,
            ["seed"] = o.Seed,
            ["wall_seconds"] = Math.Round(wall, 1),
            ["resumed_from_step"] = r.ResumedFromStep,
            ["load_average_before"] = loadBefore,
            ["load_average_after"] = loadAfter,
            ["cpu_count"] = Environment.ProcessorCount,
            ["torch_threads"] = o.Threads,
            ["final_loss_mean_last_20"] = Math.Round(finalLoss, 4),
            ["evaluation"] = $"{o.EvaluationCount} held-out scenes of the classify domain (32², seed {o.Seed + 1_000_003})",
            ["metrics"] = new JsonObject([.. metrics.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, Math.Round(kv.Value, 4)))]),
            ["command"] = o.Command,
        };
        AtomicFile.WriteAllText(Path.Combine(o.OutputDirectory, "card.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {card.Title}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Architecture: {card.Architecture} ({parameters:N0} parameters, float32 safetensors)");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Data: {card.Data}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Training: {r.Steps} steps × batch {o.BatchSize}, AdamW lr {o.LearningRate} (cosine, 5 % warm-up, weight decay 0.05), seed {o.Seed}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Wall time: {wall:0} s with {o.Threads} torch thread(s) on a {Environment.ProcessorCount}-core CPU; load average {Fmt(loadBefore)} before, {Fmt(loadAfter)} after (other work shared the machine)");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Final training loss (mean of the last 20 steps): {finalLoss:0.###}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Evaluation: {json["evaluation"]}");
        foreach (var (k, v) in metrics) { md.AppendLine(CultureInfo.InvariantCulture, $"  - {k}: {v:0.###}"); }
        md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{o.Command}`");
        md.AppendLine("- Files: model.safetensors, card.json, metrics.csv (per-step loss), loss.png" + (o.Model == WorldModelKind.Clip ? ", vocab.json + merges.txt (compact CLIP BPE vocabulary)" : ""));
        AtomicFile.WriteAllText(Path.Combine(o.OutputDirectory, "card.md"), md.ToString());
        return new WorldPretrainResult(r.Steps, false, r.ResumedFromStep, wall, metrics, weights) { StepMetrics = r.Metrics };
    }

    private static (string, string, string) VitCard(WorldPretrainOptions o, long parameters) => (
        "world-vit-tiny: a tiny ViT pretrained on the Tessera shapes world",
        $"{o.Steps * (long)o.BatchSize:N0} generated scenes of the classify domain (one centred shape, 32²), 56 classes = 7 shapes × 8 colours",
        "timm ViT, 32² input, patch 8, width 160, depth 4, 4 heads, MLP ×4, class-token pooling, mean/std 0.5");

    private static (string, string, string) ClipCard(WorldPretrainOptions o, long parameters, int vocabSize) => (
        "world-clip-tiny: a tiny CLIP trained contrastively on Tessera shapes-world captions",
        $"{o.Steps * (long)o.BatchSize:N0} generated image–text pairs: 3/4 classify-domain scenes with templated texts (caption, 'a {{colour}} {{shape}}', 'a {{shape}}', 'a {{colour}} shape'), 1/4 clean-domain scenes with their captions",
        $"OpenAI CLIP layout, image tower 32², patch 8, width 128, 3 layers, 2 heads; text tower width 128, 3 layers, 2 heads, context 24; embed 128; CLIP BPE tokenizer on a {vocabSize}-entry vocabulary cut from CLIP's");

    private static string Fmt(double? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";
}
