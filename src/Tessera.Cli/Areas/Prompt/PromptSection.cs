using System.Globalization;
using System.Text.Json;
using Tessera.Cli.Areas.Prompt.Bench;
using Tessera.Cli.Hosting;
using Tessera.Core.Imaging;
using Tessera.Nn.Runtime;
using Tessera.Nn.Training;
using Tessera.Prompting.Methods;
using Tessera.Prompting.Pixel;
using Tessera.Prompting.Training;
using Tessera.Prompting.Vpt;
using Tessera.World.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>
/// Prompting on the demo page: the committed results table of <c>tessera prompt bench</c>, a pad prompt learned in a
/// second on the tiny CLIP (picture), and the tiny ViT answering three VPT-deep tasks (shape at night, size, count) on the
/// same images in one mixed batch.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1812", Justification = "Registered in PromptArea.DemoSections once its live run passes (see the note there).")]
internal sealed class PromptSection : IDemoSection
{
    private static readonly string[] LiveTasks = ["domain", "labels", "counting"];

    /// <inheritdoc />
    public string Title => "Prompting: one frozen backbone, many small tasks (VPT, pixel prompts, CoOp)";

    /// <inheritdoc />
    public string Id => "prompt";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var models = WorldModels.FindModelsDirectory();
        ResultsTable(section, models);
        if (models is null || !TorchRuntime.Describe().Loaded)
        {
            section.Paragraph("The shipped models or TorchSharp are not available here; the live part of this section is skipped.");
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();

        // A pad prompt on the frozen CLIP, trained for a second on the size task.
        var sizes = PromptBenchSet.Build("labels", testCount: 60, poolPerClass: 16);
        var clipModel = WorldModels.LoadClip(Path.Combine(models, WorldModels.ClipFolder));
        using (var clip = PromptBackbone.FromClip(clipModel.Model, clipModel.Tokenizer, WorldModels.ClipFolder, owns: true))
        {
            var mean = clip.Clip!.Config.Mean;
            var std = clip.Clip.Config.Std;
            var (pixels, labels) = sizes.FewShot(16, 1);
            var (x, y) = PromptBenchSet.Tensors(pixels, labels, mean, std);
            var (tx, ty) = PromptBenchSet.Tensors(sizes.TestPixels, sizes.TestLabels, mean, std);
            using var d1 = x;
            using var d2 = y;
            using var d3 = tx;
            using var d4 = ty;
            using var zeroShot = PromptTask.Create(PromptMethod.ZeroShot, clip, sizes.ClassNames, new PromptMethodOptions { Template = sizes.Template });
            using var pad = PromptTask.Create(PromptMethod.Pad, clip, sizes.ClassNames, new PromptMethodOptions { Template = sizes.Template, PromptSize = 4 }, seed: 1);
            PromptTraining.Train(pad.Model, x, y, new TrainerOptions { LearningRate = PromptMethods.DefaultLearningRate(PromptMethod.Pad), Epochs = 40, MaxSteps = 40, Seed = 1 }, 16, null, cancellationToken);
            var before = PromptTraining.Accuracy(zeroShot.Model, tx, ty);
            var after = PromptTraining.Accuracy(pad.Model, tx, ty);
            var prompter = ((ClipPromptClassifier)pad.Model).Prompter!;
            using var prompt = prompter.BuildPrompt().detach();
            using var prompted = prompter.forward(tx.narrow(0, 0, 1)).detach();
            using var picture = Row([Upscale(Denormalise(tx.narrow(0, 0, 1), mean, std)), Upscale(Visualise(prompt)), Upscale(Denormalise(prompted, mean, std))]);
            section.Picture("pad-prompt", picture, string.Format(inv,
                "A pad prompt (4-pixel frame, {0:N0} values) learned in 40 steps on 16 images per size class, in front of the frozen tiny CLIP: image · prompt (contrast-stretched) · prompted image. "
                + "Test accuracy on the size task: zero-shot {1:P0} → with the prompt {2:P0} (60 test images).", pad.TrainableCount, before, after));
        }
        cancellationToken.ThrowIfCancellationRequested();

        // Three VPT-deep tasks on one frozen ViT, answered together in one mixed batch.
        using var vit = PromptBackbone.FromVit(WorldModels.LoadVit(Path.Combine(models, WorldModels.VitFolder)), WorldModels.VitFolder, owns: true);
        var sets = LiveTasks.Select(n => PromptBenchSet.Build(n, testCount: 6, poolPerClass: 16)).ToList();
        var tasks = new List<PromptTask>();
        try
        {
            foreach (var set in sets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (pixels, labels) = set.FewShot(16, 2);
                var (x, y) = PromptBenchSet.Tensors(pixels, labels, vit.Vit!.Config.Mean, vit.Vit.Config.Std);
                using var dx = x;
                using var dy = y;
                var task = PromptTask.Create(PromptMethod.VptDeep, vit, set.ClassNames, new PromptMethodOptions { Tokens = 4 }, seed: 3);
                tasks.Add(task);
                PromptTraining.Train(task.Model, x, y, new TrainerOptions { LearningRate = PromptMethods.DefaultLearningRate(PromptMethod.VptDeep), Epochs = 40, MaxSteps = 40, Seed = 3 }, 16, null, cancellationToken);
            }
            var server = new VptTaskServer(vit.Vit!);
            foreach (var t in tasks) { server.Add((VptClassifier)t.Model); }
            var images = sets.Select(s => s.TestPixels[0]).ToList();
            var rows = new List<IReadOnlyList<string>>();
            using (var scope = torch.NewDisposeScope())
            using (torch.no_grad())
            {
                var batch = WorldTensors.Images(images.Count, WorldModels.ImageSize, WorldModels.ImageSize, i => images[i], vit.Vit!.Config.Mean, vit.Vit.Config.Std)
                    .repeat_interleave(tasks.Count, 0);
                var ids = Enumerable.Range(0, images.Count * tasks.Count).Select(i => i % tasks.Count).ToArray();
                var logits = server.Predict(batch, ids);
                for (var i = 0; i < images.Count; i++)
                {
                    var answers = Enumerable.Range(0, tasks.Count).Select(t =>
                    {
                        var p = logits[(i * tasks.Count) + t].softmax(-1);
                        var k = (int)p.argmax().item<long>();
                        return string.Format(inv, "{0} ({1:P0})", sets[t].ClassNames[k], p[k].item<float>());
                    }).ToList();
                    rows.Add([$"image {i + 1} (from the {sets[i].Name} test set)", answers[0], answers[1], answers[2]]);
                }
            }
            using var strip = Row([.. images.Select(p => Upscale(Image.FromPixels<byte>(p, WorldModels.ImageSize, WorldModels.ImageSize, 3)))]);
            section.Picture("three-tasks", strip, "Three test images (one per task's test set), each answered by all three tasks below.");
            section.Table(["image", "colour at night (new-domain task)", "size (new-label task)", "count (counting task)"], rows);
            var stored = tasks.Sum(t => t.TrainableCount);
            section.Paragraph(string.Format(inv,
                "One frozen world-vit-tiny ({0:N0} values) serves three VPT-deep tasks (4 tokens per layer, 40 steps on 16 images per class each) in one mixed batch: "
                + "{1:N0} stored values for all three ({2:P2} of the backbone). Each answer comes from the same backbone pass with per-sample deep prompts.",
                vit.ParameterCount, stored, (double)stored / vit.ParameterCount));
        }
        finally
        {
            foreach (var t in tasks) { t.Dispose(); }
        }
    }

    private static void ResultsTable(DemoSectionWriter section, string? models)
    {
        var json = models is null ? null : Path.Combine(Path.GetDirectoryName(models)!, "docs", "prompting-bench", "results.json");
        if (json is null || !File.Exists(json))
        {
            section.Paragraph("The committed bench results (docs/prompting-bench/results.json) are not here; run tessera prompt bench --out docs/prompting-bench.");
            return;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var runs = doc.RootElement.GetProperty("runs").EnumerateArray()
            .Select(r => (Task: r.GetProperty("task").GetString()!, Shots: r.GetProperty("shots").GetInt32(), Method: r.GetProperty("method").GetString()!,
                Accuracy: r.GetProperty("accuracy").GetDouble(), Percent: r.GetProperty("trainable_percent").GetDouble())).ToList();
        var shots = runs.Max(r => r.Shots);
        var tasks = runs.Select(r => r.Task).Distinct().ToList();
        var rows = runs.Select(r => r.Method).Distinct().Select(m =>
        {
            var row = new List<string> { m, runs.First(r => r.Method == m).Percent.ToString("0.###", CultureInfo.InvariantCulture) };
            foreach (var t in tasks)
            {
                var cell = runs.Where(r => r.Method == m && r.Task == t && (r.Shots == shots || r.Shots == 0)).Select(r => r.Accuracy * 100).ToList();
                row.Add(cell.Count == 0 ? "–" : PromptBenchReport.MeanStd(cell) is var (mean, std) ? string.Format(CultureInfo.InvariantCulture, "{0:0.0} ± {1:0.0}", mean, std) : "");
            }
            return (IReadOnlyList<string>)row;
        }).ToList();
        section.Paragraph($"tessera prompt bench (committed in docs/prompting-bench, see docs/prompting.md): test accuracy % at {shots} training images per class, mean ± std over seeds; "
                          + "tiny step budget, tiny backbones.");
        section.Table(["method", "trainable %", .. tasks], rows);
    }

    private static Image Denormalise(Tensor image, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        using var scope = torch.NewDisposeScope();
        var m = torch.tensor(mean.ToArray()).reshape(3, 1, 1);
        var s = torch.tensor(std.ToArray()).reshape(3, 1, 1);
        return ToImage((image[0] * s) + m);
    }

    private static Image Visualise(Tensor prompt)
    {
        using var scope = torch.NewDisposeScope();
        var p = prompt[0];
        var lo = p.min();
        var hi = p.max();
        return ToImage((p - lo) / (hi - lo + 1e-6));
    }

    /// <summary>A <c>[3, H, W]</c> tensor in [0, 1] as an RGB byte image.</summary>
    private static Image ToImage(Tensor chw)
    {
        using var scope = torch.NewDisposeScope();
        var hwc = (chw.clamp(0, 1) * 255).round().to(ScalarType.Byte).permute(1, 2, 0).contiguous();
        var bytes = hwc.data<byte>().ToArray();
        return Image.FromPixels<byte>(bytes, (int)hwc.shape[0], (int)hwc.shape[1], 3);
    }

    /// <summary>Nearest-neighbour ×4 (32² → 128²), so the pixels stay visible.</summary>
    private static Image Upscale(Image image)
    {
        using (image) { return DemoPictures.Enlarge(image, 4); }
    }

    private static Image Row(IReadOnlyList<Image> images)
    {
        try
        {
            var h = images[0].Height;
            var w = images.Sum(i => i.Width) + (4 * (images.Count - 1));
            var dst = new byte[h * w * 3];
            Array.Fill(dst, (byte)255);
            var x0 = 0;
            foreach (var image in images)
            {
                var src = image.Pixels<byte>().ToArray();
                for (var y = 0; y < h; y++) { Array.Copy(src, y * image.Width * 3, dst, ((y * w) + x0) * 3, image.Width * 3); }
                x0 += image.Width + 4;
            }
            return Image.FromPixels<byte>(dst, h, w, 3);
        }
        finally
        {
            foreach (var i in images) { i.Dispose(); }
        }
    }
}
