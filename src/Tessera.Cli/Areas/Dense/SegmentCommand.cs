using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Dense.ClipSeg;
using Tessera.Imaging;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;
using Tessera.Cli.Areas.Clip;

namespace Tessera.Cli.Areas.Dense;

/// <summary><c>tessera segment --clip CLIP --weights DECODER (--image IMG | --images DIR) (--prompt TEXT | --example IMG
/// --example-mask M) --out PATH [--overlay PATH] [--threshold X | --soft]</c>: CLIPSeg segmentation by a text or visual
/// prompt, the prompt encoded once for all images.</summary>
internal sealed class SegmentCommand(CliConsole console) : Command<SegmentCommand.Settings>
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"];

    /// <summary>Arguments of <c>segment</c>.</summary>
    internal sealed class Settings : ClipWeightsSettings
    {
        /// <summary>CLIPSeg decoder checkpoint.</summary>
        [CommandOption("--weights <FILE>", isRequired: true)]
        [Description("CLIPSeg decoder checkpoint (rd64-uni.pth, rd64-uni-refined.pth, rd16-uni.pth or safetensors with the same keys).")]
        public string Weights { get; init; } = "";

        /// <summary>One image.</summary>
        [CommandOption("--image <FILE>")]
        [Description("Image to segment (or use --images).")]
        public string? Image { get; init; }

        /// <summary>Folder of images.</summary>
        [CommandOption("--images <DIR>")]
        [Description("Folder of images to segment with the same prompt (--out and --overlay are then folders).")]
        public string? Images { get; init; }

        /// <summary>Text prompt.</summary>
        [CommandOption("--prompt <TEXT>")]
        [Description("Text prompt, e.g. \"a red mug\".")]
        public string? Prompt { get; init; }

        /// <summary>Template for the text prompt.</summary>
        [CommandOption("--template <TEXT>")]
        [Description("Prompt template with {} for the prompt (CLIPSeg's fixed template: \"a photo of a {}.\").")]
        [DefaultValue("{}")]
        public string Template { get; init; } = "{}";

        /// <summary>Example image.</summary>
        [CommandOption("--example <FILE>")]
        [Description("Example image for a visual prompt (with --example-mask).")]
        public string? Example { get; init; }

        /// <summary>Example mask.</summary>
        [CommandOption("--example-mask <FILE>")]
        [Description("Mask of the object in the example image (8-bit, nonzero = object).")]
        public string? ExampleMask { get; init; }

        /// <summary>Mask output.</summary>
        [CommandOption("-o|--out <PATH>", isRequired: true)]
        [Description("Mask PNG (with --image) or folder of mask PNGs (with --images).")]
        public string Out { get; init; } = "";

        /// <summary>Overlay output.</summary>
        [CommandOption("--overlay <PATH>")]
        [Description("Overlay PNG (with --image) or folder (with --images): the image with the mask tinted red.")]
        public string? Overlay { get; init; }

        /// <summary>Threshold.</summary>
        [CommandOption("--threshold <X>")]
        [Description("Probability above which a pixel is in the mask (0..1).")]
        [DefaultValue(0.5)]
        public double Threshold { get; init; } = 0.5;

        /// <summary>Soft output.</summary>
        [CommandOption("--soft")]
        [Description("Write the probability (×255) instead of a thresholded mask.")]
        public bool Soft { get; init; }

        /// <summary>Input side.</summary>
        [CommandOption("--size <N>")]
        [Description("Side the images are resized to (a multiple of the patch size; CLIPSeg uses 352); default: CLIP's resolution.")]
        public int? Size { get; init; }

        /// <summary>Batch size.</summary>
        [CommandOption("--batch <N>")]
        [Description("Images per forward pass.")]
        [DefaultValue(8)]
        public int Batch { get; init; } = 8;

        /// <summary>Extract layers.</summary>
        [CommandOption("--extract-layers <LIST>")]
        [Description("CLIP blocks the decoder reads (released weights: 3,7,9).")]
        [DefaultValue("3,7,9")]
        public string ExtractLayers { get; init; } = "3,7,9";

        /// <summary>Print JSON.</summary>
        [CommandOption("--json")]
        [Description("Print a JSON summary (files written, foreground fraction per image) on stdout.")]
        public bool Json { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Image) == string.IsNullOrWhiteSpace(Images)) { return ValidationResult.Error("--image/--images: give exactly one of them"); }
            var text = !string.IsNullOrWhiteSpace(Prompt);
            var visual = !string.IsNullOrWhiteSpace(Example) || !string.IsNullOrWhiteSpace(ExampleMask);
            if (text == visual) { return ValidationResult.Error("--prompt/--example: give a text prompt or an example image with --example-mask, not both"); }
            if (visual && (string.IsNullOrWhiteSpace(Example) || string.IsNullOrWhiteSpace(ExampleMask))) { return ValidationResult.Error("--example: needs --example-mask (and the reverse)"); }
            if (Threshold is < 0 or > 1) { return ValidationResult.Error("--threshold: must lie in [0, 1]"); }
            if (Batch < 1) { return ValidationResult.Error("--batch: must be at least 1"); }
            return ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = !string.IsNullOrWhiteSpace(settings.Images);
        var inputs = folder ? ListImages(settings.Images!) : [Existing(settings.Image!, "--image")];
        var layers = ClipSegLoading.ParseLayers(settings.ExtractLayers);
        var (openAi, clipConfig) = ClipHeadOptions.Read(settings.Clip, settings.TextHeads, settings.VisionHeads);
        using var ownedOpenAi = openAi;
        using var decoderWeights = CheckpointReader.Read(Existing(settings.Weights, "--weights"));
        var config = ClipSegConfig.FromCheckpoint(decoderWeights, clipConfig, ClipSegConfig.Rd64 with { ExtractLayers = layers });
        using var model = ClipSegModel.Load(ClipModel.FromWeights(openAi, clipConfig), decoderWeights, config);
        var tokenizer = settings.Prompt is null ? null : ClipSegLoading.Tokenizer(settings.Clip, settings.Vocab);
        var segmenter = new ClipSegSegmenter(model, tokenizer, settings.Size ?? clipConfig.ImageResolution);
        cancellationToken.ThrowIfCancellationRequested();

        using var conditional = settings.Prompt is { } prompt
            ? segmenter.EncodeText(prompt, settings.Template)
            : EncodeExample(segmenter, settings);
        double? threshold = settings.Soft ? null : settings.Threshold;
        if (folder)
        {
            Directory.CreateDirectory(settings.Out);
            if (settings.Overlay is not null) { Directory.CreateDirectory(settings.Overlay); }
        }
        var written = new List<object>();
        for (var start = 0; start < inputs.Count; start += settings.Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var paths = inputs.Skip(start).Take(settings.Batch).ToList();
            var images = paths.Select(ReadRgb).ToList();
            try
            {
                var maps = segmenter.Segment(images, conditional, settings.Batch);
                for (var i = 0; i < paths.Count; i++)
                {
                    var name = Path.GetFileNameWithoutExtension(paths[i]) + ".png";
                    var maskPath = folder ? Path.Combine(settings.Out, name) : settings.Out;
                    using (var mask = ClipSegMasks.ToMask(maps[i], threshold)) { ImageFile.Write(maskPath, mask); }
                    string? overlayPath = null;
                    if (settings.Overlay is not null)
                    {
                        overlayPath = folder ? Path.Combine(settings.Overlay, name) : settings.Overlay;
                        using var overlay = ClipSegMasks.Overlay(images[i], maps[i], threshold);
                        ImageFile.Write(overlayPath, overlay);
                    }
                    var foreground = maps[i].AsSpan<float>().ToArray().Count(p => p > settings.Threshold) / (double)maps[i].AsSpan<float>().Length;
                    written.Add(new { image = paths[i], mask = maskPath, overlay = overlayPath, foreground });
                    if (!settings.Json) { console.Data(string.Create(CultureInfo.InvariantCulture, $"{paths[i]}\t{maskPath}\tforeground {foreground:P1}")); }
                }
            }
            finally
            {
                foreach (var image in images) { image.Dispose(); }
            }
            console.Info($"segmented {Math.Min(start + settings.Batch, inputs.Count)}/{inputs.Count}");
        }
        if (settings.Json)
        {
            console.Data(JsonSerializer.Serialize(new { prompt_encodings = segmenter.PromptEncodings, text_tower_prompts = model.TextTowerPrompts, size = segmenter.Size, images = written }));
        }
        return 0;
    }

    private static Tensor EncodeExample(ClipSegSegmenter segmenter, Settings settings)
    {
        using var example = ReadRgb(Existing(settings.Example!, "--example"));
        using var mask = ImageFile.Read(Existing(settings.ExampleMask!, "--example-mask"));
        return segmenter.EncodeExample(example, mask);
    }

    private static Image ReadRgb(string path)
    {
        var image = ImageFile.Read(path);
        if (image.PixelType == PixelType.UInt8 && image.Channels == 3 && image.Rank == 3) { return image; }
        using (image)
        {
            if (image.PixelType != PixelType.UInt8) { throw new TesseraFormatException(path, null, $"must be an 8-bit image, got {image}"); }
            // Gray → RGB by repeating the channel; RGBA → RGB by dropping alpha.
            var rgb = Image.Create(image.Height, image.Width, 3, PixelType.UInt8);
            var src = image.Pixels<byte>();
            var dst = rgb.Pixels<byte>();
            var c = image.Channels;
            for (var p = 0; p < image.Height * image.Width; p++)
            {
                for (var k = 0; k < 3; k++) { dst[(3 * p) + k] = src[(c * p) + (c >= 3 ? k : 0)]; }
            }
            return rgb;
        }
    }

    private static string Existing(string path, string option)
        => File.Exists(path) ? path : throw new TesseraArgumentException(option, $"'{path}' does not exist");

    private static List<string> ListImages(string dir)
    {
        if (!Directory.Exists(dir)) { throw new TesseraArgumentException("--images", $"folder '{dir}' does not exist"); }
        var files = Directory.EnumerateFiles(dir).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new TesseraArgumentException("--images", $"folder '{dir}' holds no images ({string.Join(", ", ImageExtensions)})");
    }
}
