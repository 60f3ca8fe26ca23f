using System.Globalization;
using Tessera.Cli.Hosting;
using Tessera.Core.Imaging;
using Tessera.Data.World;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Segmentation;
using Tessera.Segmentation.Labels;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>The DDPM-segmentation panel of the diffusion demo section: pixel classifiers trained on five labelled
/// 32² 'clean' world scenes with the features of <c>models/diffusion-world-tiny</c>, applied to a held-out scene
/// (image, ground truth, prediction, uncertainty).</summary>
internal static class DiffusionSegmentationPanel
{
    /// <summary>Folder of the world diffusion model under <c>models/</c>.</summary>
    public const string ModelFolder = "diffusion-world-tiny";

    /// <summary>Scenes 0-4 of seed 1 are the labelled images (the 5-label setting of docs/diffusion.md), scene 5000 the test one.</summary>
    public const int TestScene = 5000;

    private const int Scale = 4;

    public static void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var folder = DiffusionSection.FindModel(ModelFolder);
        if (folder is null)
        {
            section.Paragraph($"The world diffusion model (models/{ModelFolder}) is not available here; the DDPM-segmentation panel is skipped.");
            return;
        }
        var (spec, model) = DiffusionModelFiles.Load(folder, ema: true);
        using (model)
        using (var scope = NewDisposeScope())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = spec.ImageSize, Seed = 1 });
            var labelled = new SceneImages([.. Enumerable.Range(0, 5).Select(world.Generate)]);
            var diffusion = GaussianDiffusion.Create(spec.Process with { TimestepRespacing = "" });
            var extractor = new DdpmFeatureExtractor(model, diffusion, new FeatureExtractorOptions { Steps = [50, 150, 250], Blocks = [2, 3, 4, 5], Seed = 1 });
            using var ensemble = PixelSegmenter.Train(extractor, labelled, 8, new PixelClassifierTrainingOptions { Members = 5, Epochs = 4, Seed = 1 },
                cancellationToken: cancellationToken);
            var test = world.Generate(TestScene);
            var (image, truth) = SceneImages.ToTensors(test);
            using var seg = PixelSegmenter.Segment(extractor, ensemble, image);
            var accuracy = seg.Labels.eq(truth).to_type(ScalarType.Float64).mean().item<double>();
            var size = spec.ImageSize;
            var predicted = LabelMap.FromLabels(seg.Labels.to_type(ScalarType.Byte).contiguous().data<byte>().ToArray(), size, size);
            var maxJs = Math.Log(5);
            var uncertainty = (seg.Disagreement / maxJs * 255).clamp(0, 255).round().to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
            using var imageTile = test.ToImage();
            using var truthTile = LabelColors.Colorize(LabelMap.FromLabels(test.SemanticMask, size, size));
            using var predictedTile = LabelColors.Colorize(predicted);
            using var uncertaintyTile = Image.FromPixels<byte>([.. uncertainty.SelectMany(v => new[] { v, v, v })], size, size, 3);
            using var strip = Strip([imageTile, truthTile, predictedTile, uncertaintyTile]);
            Directory.CreateDirectory(section.SectionDirectory);
            section.Picture("ddpm-seg", strip, string.Create(CultureInfo.InvariantCulture,
                $"DDPM-segmentation of a held-out 32² world scene (left to right: image, ground truth, prediction, ensemble disagreement, white = high): 5 pixel classifiers trained on 5 labelled scenes with decoder blocks 2-5 at t = 50, 150, 250 of models/{ModelFolder}; pixel accuracy {accuracy:P1} on this scene ({clock.Elapsed.TotalSeconds:F1} s here)."));
        }
    }

    /// <summary>Tiles enlarged ×4 side by side with 2-pixel grey gaps.</summary>
    private static Image Strip(IReadOnlyList<Image> tiles)
    {
        var big = tiles.Select(t => DemoPictures.Enlarge(t, Scale)).ToList();
        const int gap = 2;
        var h = big[0].Height;
        var w = big[0].Width;
        var width = (big.Count * (w + gap)) + gap;
        var height = h + (2 * gap);
        var pixels = new byte[height * width * 3];
        Array.Fill(pixels, (byte)64);
        for (var k = 0; k < big.Count; k++)
        {
            var src = big[k].Pixels<byte>();
            for (var y = 0; y < h; y++)
            {
                src.Slice(y * w * 3, w * 3).CopyTo(pixels.AsSpan((((y + gap) * width) + gap + (k * (w + gap))) * 3));
            }
            big[k].Dispose();
        }
        return Image.FromPixels<byte>(pixels, height, width, 3);
    }

    /// <summary>World scenes as labelled images: RGB in [−1, 1] and the semantic mask (0 background, 1-7 shapes).</summary>
    private sealed class SceneImages(IReadOnlyList<WorldScene> scenes) : ILabelledImages
    {
        public int Count => scenes.Count;

        public (Tensor Image, Tensor Labels) Load(int index) => ToTensors(scenes[index]);

        public static (Tensor Image, Tensor Labels) ToTensors(WorldScene scene)
        {
            var image = tensor(scene.Pixels.ToArray(), [scene.Height, scene.Width, 3]).to_type(ScalarType.Float32).permute(2, 0, 1);
            var labels = tensor(scene.SemanticMask.ToArray(), [scene.Height, scene.Width]).to_type(ScalarType.Int64);
            return (((image / 127.5f) - 1).unsqueeze(0).contiguous(), labels);
        }
    }
}
