using System.Globalization;
using Tessera.Cli.Hosting;
using Tessera.Core.Imaging;
using Tessera.Data.World;
using Tessera.Dense.ClipSeg;
using Tessera.Dense.DenseClip.Training;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using Tessera.World.Models;
using TorchSharp;

namespace Tessera.Cli.Areas.Dense;

/// <summary>
/// Dense prompting on the demo page: one world scene segmented by three phrases and by one example image (CLIPSeg
/// decoder trained by <c>tessera clipseg train</c> on the shipped tiny world CLIP, committed in
/// <c>models/clipseg-world</c>), and DenseCLIP's pixel–text score maps per class (<c>models/denseclip-world</c>).
/// </summary>
internal sealed class DenseSection : IDemoSection
{
    /// <summary>Folder of the committed CLIPSeg decoder under <c>models/</c>.</summary>
    public const string ClipSegFolder = "clipseg-world";

    /// <summary>Folder of the committed DenseCLIP tensors under <c>models/</c>.</summary>
    public const string DenseClipFolder = "denseclip-world";

    private const int Side = 64;
    private const int Zoom = 3;

    /// <inheritdoc />
    public string Title => "Dense prompting: CLIPSeg by phrase and by example, DenseCLIP score maps";

    /// <inheritdoc />
    public string Id => "dense";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var models = WorldModels.FindModelsDirectory();
        var clipDir = models is null ? null : Path.Combine(models, WorldModels.ClipFolder);
        var decoderPath = models is null ? null : Path.Combine(models, ClipSegFolder, "clipseg-decoder.safetensors");
        if (clipDir is null || decoderPath is null || !File.Exists(decoderPath) || !TorchRuntime.Describe().Loaded)
        {
            section.Paragraph($"The shipped tiny world CLIP and the CLIPSeg decoder (models/{WorldModels.ClipFolder}, models/{ClipSegFolder}) or TorchSharp are not available here; section skipped.");
            return;
        }
        using var clipWeights = CheckpointReader.Read(Path.Combine(clipDir, WorldModels.WeightsFile));
        var clipConfig = ClipConfig.FromStateDict(clipWeights);
        var tokenizer = ClipTokenizer.FromFile(clipDir);
        var (decoderWeights, metadata) = CheckpointReader.ReadSafetensors(decoderPath);
        using var _ = decoderWeights;
        var layers = ClipSegLoading.ParseLayers(metadata.TryGetValue("extract_layers", out var l) ? l : "0,1,2");
        var config = ClipSegConfig.FromCheckpoint(decoderWeights, clipConfig, ClipSegConfig.Rd64 with { ExtractLayers = layers });
        using var model = ClipSegModel.Load(ClipModel.FromWeights(clipWeights, clipConfig), decoderWeights, config);
        var segmenter = new ClipSegSegmenter(model, tokenizer, Side);

        // A clean-domain test scene (a seed the decoder never saw) with three objects, and an example from another scene.
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = Side, Seed = 424242 });
        WorldScene Scene(int index) => world.Generate(index);
        var scene = Enumerable.Range(0, 200).Select(Scene).First(s => s.Objects.Count >= 3);
        var phrases = scene.ReferringExpressions.Where(r => !r.UsesRelation).Select(r => r.Phrase).Distinct().Take(3).ToList();
        using var image = scene.ToImage();
        var panels = new List<Image> { Upscale(image) };
        var captions = new List<string> { "image" };
        foreach (var phrase in phrases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var cond = segmenter.EncodeText(phrase);
            var p = segmenter.Segment([image], cond)[0];
            using var overlay = ClipSegMasks.Overlay(image, p, null);
            panels.Add(Upscale(overlay));
            captions.Add($"“{phrase}”");
        }
        var target = scene.Objects[0];
        var exampleScene = Enumerable.Range(200, 400).Select(Scene).First(s => s.Objects.Any(o => o.Shape == target.Shape && o.Color == target.Color));
        var exampleObject = exampleScene.Objects.First(o => o.Shape == target.Shape && o.Color == target.Color);
        using var example = exampleScene.ToImage();
        using var exampleMask = Image.CreateGray(Side, Side, PixelType.UInt8);
        var mask = exampleScene.ObjectMask(exampleObject.InstanceId);
        var m = exampleMask.Pixels<byte>();
        for (var i = 0; i < mask.Length; i++) { m[i] = (byte)(mask[i] * 255); }
        using var byExample = segmenter.EncodeExample(example, exampleMask);
        var q = segmenter.Segment([image], byExample)[0];
        using var exampleOverlay = ClipSegMasks.Overlay(example, NdArrayFromMask(mask), 0.5);
        using var resultOverlay = ClipSegMasks.Overlay(image, q, null);
        panels.Add(Upscale(exampleOverlay));
        captions.Add($"example: {exampleObject.ColorName} {exampleObject.ShapeName} (mask in red)");
        panels.Add(Upscale(resultOverlay));
        captions.Add("segmented by the example");
        using (var strip = Strip(panels))
        {
            section.Picture("clipseg", strip, "Left to right: " + string.Join(" · ", captions) + $". Soft overlays (red tint ∝ probability: the decoder is a small-budget one whose probabilities mostly stay below 0.5), {Side}×{Side} shown ×{Zoom}.");
        }
        foreach (var panel in panels) { panel.Dispose(); }
        section.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"CLIPSeg decoder D = {config.ReduceDim} (extract layers {string.Join(", ", layers)}, {model.Decoder.UsedParameterCount:N0} parameters) trained by tessera clipseg train on world referring expressions; see models/{ClipSegFolder}/card.md and docs/dense.md for the command and the scores."));

        var densePath = Path.Combine(models!, DenseClipFolder, DenseClipTraining.WeightsFileName);
        if (!File.Exists(densePath))
        {
            section.Paragraph($"models/{DenseClipFolder} is not available; DenseCLIP score maps skipped.");
            return;
        }
        var (denseWeights, denseMeta) = CheckpointReader.ReadSafetensors(densePath);
        using var __ = denseWeights;
        var blocks = ClipSegLoading.ParseLayers(denseMeta.TryGetValue("extract_layers", out var b) ? b : "0,1,2");
        torch.manual_seed(0);
        using var segmentor = DenseClipWorld.Build(clipWeights, clipConfig, tokenizer, DenseClipTrainCommand.WorldClasses, true, blocks);
        DenseClipWorld.LoadTrained(segmentor, denseWeights);
        segmentor.eval();
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var mean = torch.tensor(clipConfig.Mean.ToArray()).reshape(3, 1, 1);
            var std = torch.tensor(clipConfig.Std.ToArray()).reshape(3, 1, 1);
            var x = ((Tessera.Nn.Tensors.ImageTensors.ImageToChwFloat(image, 1f) / 255f) - mean) / std;
            var (_, scores) = segmentor.forward(x.unsqueeze(0));
            using var picture = ScoreMapPicture.Render(image, scores!.squeeze(0));
            using var big = Upscale(picture);
            section.Picture("denseclip-scores", big, "DenseCLIP pixel–text score maps of the same image, one per class after the image: "
                + string.Join(", ", DenseClipTrainCommand.WorldClasses) + " (dark blue = lowest, yellow = highest cosine similarity, one scale for all).");
        }
    }

    private static Tessera.Core.Arrays.NdArray NdArrayFromMask(byte[] mask)
        => Tessera.Core.Arrays.NdArray.FromArray<float>(mask.Select(v => (float)v).ToArray(), Side, Side);

    private static Image Upscale(Image image) => DemoPictures.Enlarge(image, Zoom);

    private static Image Strip(List<Image> panels)
    {
        const int gap = 6;
        var h = panels.Max(p => p.Height);
        var w = panels.Sum(p => p.Width) + (gap * (panels.Count - 1));
        var result = Image.Create(h, w, 3, PixelType.UInt8);
        var dst = result.Pixels<byte>();
        dst.Fill(255);
        var left = 0;
        foreach (var p in panels)
        {
            var src = p.Pixels<byte>();
            for (var y = 0; y < p.Height; y++)
            {
                src.Slice(y * p.Width * 3, p.Width * 3).CopyTo(dst.Slice(((y * w) + left) * 3));
            }
            left += p.Width + gap;
        }
        return result;
    }
}
