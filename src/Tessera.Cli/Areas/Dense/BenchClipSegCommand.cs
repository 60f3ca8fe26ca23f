using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Dense.ClipSeg;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using Tessera.World.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Dense;

/// <summary><c>tessera bench clipseg</c>: CLIPSeg inference time on a ViT-B/16 CLIP (random weights: the time does
/// not depend on the values) with the rd64 decoder, per batch size, with the decoder's share; and, with the shipped
/// tiny world CLIP, how often the text tower runs while a folder of 100 images is segmented with one prompt and the
/// process memory over many segmentation calls.</summary>
internal sealed class BenchClipSegCommand(CliConsole console) : Command<BenchClipSegCommand.Settings>
{
    /// <summary>Arguments of <c>bench clipseg</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Batch sizes.</summary>
        [CommandOption("-b|--batch <N>")]
        [Description("Batch size to time; repeatable. Default: 1 and 8.")]
        public int[] Batches { get; init; } = [];

        /// <summary>Input side.</summary>
        [CommandOption("--size <N>")]
        [Description("Input side (CLIPSeg: 352).")]
        [DefaultValue(352)]
        public int Size { get; init; } = 352;

        /// <summary>Runs.</summary>
        [CommandOption("--runs <N>")]
        [Description("Timed forwards per batch size (the median is reported); 0 skips the timing.")]
        [DefaultValue(5)]
        public int Runs { get; init; } = 5;

        /// <summary>Memory calls.</summary>
        [CommandOption("--calls <N>")]
        [Description("Segmentation calls of the memory check (tiny world CLIP, one 64×64 image per call); 0 skips it.")]
        [DefaultValue(1000)]
        public int Calls { get; init; } = 1000;

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (Runs < 0) { return ValidationResult.Error("--runs: must not be negative"); }
            if (Calls < 0) { return ValidationResult.Error("--calls: must not be negative"); }
            if (Size < 16 || Size % 16 != 0) { return ValidationResult.Error("--size: must be a positive multiple of 16"); }
            return Batches.Any(b => b < 1) ? ValidationResult.Error("--batch: must be at least 1") : ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureLoaded();
        var inv = CultureInfo.InvariantCulture;
        var batches = settings.Runs == 0 ? [] : settings.Batches.Length > 0 ? settings.Batches : [1, 8];
        torch.manual_seed(0);
        var clip = new ClipModel(ClipConfig.VitB16);
        // CLIP's own initialisation scheme: the values do not change the time, but uninitialised memory could hold
        // denormals, which would.
        clip.InitializeParameters(0);
        using var model = new ClipSegModel(clip, new ClipSegDecoder(ClipSegConfig.Rd64.For(ClipConfig.VitB16)));
        model.Decoder.eval();
        var rows = new JsonArray();
        var patches = settings.Size / 16;
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var images = torch.randn(batch, 3, settings.Size, settings.Size);
            var cond = torch.randn(1, 512);
            var total = new List<double>();
            var decoder = new List<double>();
            for (var run = 0; run <= settings.Runs; run++)
            {
                using var inner = torch.NewDisposeScope();
                var clock = Stopwatch.StartNew();
                using (var output = model.Forward(images, cond))
                {
                    var t = clock.Elapsed.TotalMilliseconds;
                    // The decoder alone on the same activations (in extract-layer order, as the forward pass passes them).
                    var acts = model.Decoder.Config.ExtractLayers.Select(l => output.Activations[l]).ToList();
                    var c2 = Stopwatch.StartNew();
                    using var tokens = model.Decoder.Tokens(acts, cond.expand(batch, -1), patches, patches);
                    using var logits = model.Decoder.Upsample(tokens);
                    var d = c2.Elapsed.TotalMilliseconds;
                    if (run > 0)
                    {
                        total.Add(t);
                        decoder.Add(d);
                    }
                }
            }
            var medTotal = Median(total);
            var medDecoder = Median(decoder);
            rows.Add(new JsonObject
            {
                ["batch"] = batch, ["size"] = settings.Size, ["runs"] = settings.Runs,
                ["forward_ms_median"] = Math.Round(medTotal, 1), ["ms_per_image"] = Math.Round(medTotal / batch, 1),
                ["decoder_ms_median"] = Math.Round(medDecoder, 1), ["decoder_share"] = Math.Round(medDecoder / medTotal, 4),
                ["forward_ms_all"] = new JsonArray(total.Select(v => (JsonNode)Math.Round(v, 1)).ToArray()),
            });
            console.Info(string.Create(inv, $"batch {batch}: forward {medTotal:F0} ms ({medTotal / batch:F0} ms/image), decoder {medDecoder:F1} ms ({medDecoder / medTotal:P1})"));
        }
        JsonObject? memory = null;
        if (settings.Calls > 0) { memory = Memory(settings.Calls, cancellationToken); }
        console.Data(new JsonObject
        {
            ["model"] = "CLIP ViT-B/16 (random weights) + CLIPSeg rd64 decoder", ["threads"] = torch.get_num_threads(),
            ["load_average"] = LoadAverage.Read(), ["timing"] = rows, ["memory"] = memory,
        }.ToJsonString());
        return 0;
    }

    private JsonObject Memory(int calls, CancellationToken cancellationToken)
    {
        var models = WorldModels.FindModelsDirectory() ?? throw new TesseraArgumentException("--calls", "models/world-clip-tiny not found (run from the repository, or pass --calls 0)");
        var dir = Path.Combine(models, WorldModels.ClipFolder);
        using var weights = CheckpointReader.Read(Path.Combine(dir, WorldModels.WeightsFile));
        var config = ClipConfig.FromStateDict(weights);
        torch.manual_seed(0);
        using var model = new ClipSegModel(ClipModel.FromWeights(weights, config), new ClipSegDecoder(new ClipSegConfig { ExtractLayers = [0, 1, 2] }.For(config)));
        model.Decoder.eval();
        var segmenter = new ClipSegSegmenter(model, Tessera.Nn.Models.Clip.Tokenizer.ClipTokenizer.FromFile(dir), 64);
        using var image = Image.Create(64, 64, 3, PixelType.UInt8);
        new Random(1).NextBytes(image.Pixels<byte>());
        using var cond = segmenter.EncodeText("the red circle");
        // A folder of 100 images (four sizes) segmented with the one prompt, 8 at a time: the text tower runs once.
        var folder = Enumerable.Range(0, 100).Select(i => Image.Create(48 + (16 * (i % 4)), 64, 3, PixelType.UInt8)).ToList();
        try
        {
            var rng = new Random(2);
            foreach (var picture in folder) { rng.NextBytes(picture.Pixels<byte>()); }
            _ = segmenter.Segment(folder, cond, 8);
        }
        finally
        {
            foreach (var picture in folder) { picture.Dispose(); }
        }
        var folderTextPasses = model.TextTowerPrompts;
        console.Info($"folder of 100 images, one prompt: {folderTextPasses} text-tower pass(es)");
        var samples = new JsonArray();
        long first = 0, last = 0;
        var clock = Stopwatch.StartNew();
        for (var call = 1; call <= calls; call++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = segmenter.Segment([image], cond);
            if (call == Math.Min(50, calls) || call % 100 == 0 || call == calls)
            {
                var rss = Rss();
                if (first == 0) { first = rss; }
                last = rss;
                samples.Add(new JsonObject { ["call"] = call, ["rss_mb"] = Math.Round(rss / 1048576.0, 1) });
            }
        }
        console.Info(string.Create(CultureInfo.InvariantCulture, $"memory: {calls} calls in {clock.Elapsed.TotalSeconds:F0} s, RSS {first / 1048576.0:F1} MB (call 50) → {last / 1048576.0:F1} MB"));
        return new JsonObject
        {
            ["model"] = "world-clip-tiny + CLIPSeg decoder, 64×64, one image per call", ["calls"] = calls, ["prompt_encodings"] = segmenter.PromptEncodings,
            ["folder_images"] = 100, ["folder_text_tower_prompts"] = folderTextPasses, ["text_tower_prompts_after_calls"] = model.TextTowerPrompts,
            ["rss_growth_mb_after_call_50"] = Math.Round((last - first) / 1048576.0, 1), ["samples"] = samples,
        };
    }

    /// <summary>Resident set size after a full garbage collection (native memory included).</summary>
    internal static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
