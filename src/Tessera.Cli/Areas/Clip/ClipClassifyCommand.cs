using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Imaging;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Weights;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary><c>tessera clip classify --weights FILE_OR_DIR --image IMG --labels "a cat,a dog" [--vocab FILE]</c>.</summary>
internal sealed class ClipClassifyCommand(CliConsole console) : Command<ClipClassifyCommand.Settings>
{
    /// <summary>Arguments of <c>clip classify</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Weights file or folder.</summary>
        [CommandOption("--weights <PATH>", isRequired: true)]
        [Description("CLIP weights: OpenAI .pt (TorchScript or state dict), safetensors, or a Hugging Face folder.")]
        public string Weights { get; init; } = "";

        /// <summary>Image file.</summary>
        [CommandOption("--image <FILE>", isRequired: true)]
        [Description("Image to classify (PNG, JPEG, …).")]
        public string Image { get; init; } = "";

        /// <summary>Comma-separated labels.</summary>
        [CommandOption("--labels <LIST>", isRequired: true)]
        [Description("Comma-separated labels, e.g. \"a cat,a dog\".")]
        public string Labels { get; init; } = "";

        /// <summary>Vocabulary.</summary>
        [CommandOption("--vocab <FILE>")]
        [Description("bpe_simple_vocab_16e6.txt.gz or a Hugging Face tokenizer folder; default: the weights folder.")]
        public string? Vocab { get; init; }

        /// <summary>Prompt template.</summary>
        [CommandOption("--template <TEXT>")]
        [Description("Prompt template with {} for the label, e.g. \"a photo of {}.\".")]
        [DefaultValue("{}")]
        public string Template { get; init; } = "{}";

        /// <summary>Text head count override.</summary>
        [CommandOption("--text-heads <N>")]
        [Description("Text attention heads when they differ from CLIP's width/64 rule (small custom models).")]
        public int? TextHeads { get; init; }

        /// <summary>Image head count override.</summary>
        [CommandOption("--vision-heads <N>")]
        [Description("Image attention heads when they differ from CLIP's width/64 rule.")]
        public int? VisionHeads { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            return string.IsNullOrWhiteSpace(Labels) ? ValidationResult.Error("--labels: give comma-separated labels") : ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Image)) { throw new FileNotFoundException($"--image: '{settings.Image}' does not exist", settings.Image); }
        var vocab = ResolveVocab(settings);
        var labels = settings.Labels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Guard.That(labels.Length > 0, "--labels", "give at least one label");
        var tokenizer = ClipTokenizer.FromFile(vocab);
        var image = ImageFile.Read(settings.Image);
        cancellationToken.ThrowIfCancellationRequested();
        var (openAi, config) = ClipHeadOptions.Read(settings.Weights, settings.TextHeads, settings.VisionHeads);
        using var ownedOpenAi = openAi;
        using var model = ClipModel.FromWeights(openAi, config);
        var scores = new ClipZeroShotClassifier(model, tokenizer).Classify(image, labels, settings.Template);

        var table = new Table().AddColumns("label", "probability", "logit");
        foreach (var s in scores.OrderByDescending(s => s.Probability))
        {
            table.AddRow(Markup.Escape(s.Label), s.Probability.ToString("F4", CultureInfo.InvariantCulture), s.Logit.ToString("F3", CultureInfo.InvariantCulture));
        }
        console.Out.Write(table);
        return 0;
    }

    private static string ResolveVocab(Settings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.Vocab))
        {
            if (!File.Exists(settings.Vocab) && !Directory.Exists(settings.Vocab))
            {
                throw new FileNotFoundException($"--vocab: '{settings.Vocab}' does not exist", settings.Vocab);
            }
            return settings.Vocab;
        }
        if (Directory.Exists(settings.Weights))
        {
            var gz = Path.Combine(settings.Weights, "bpe_simple_vocab_16e6.txt.gz");
            if (File.Exists(gz)) { return gz; }
            if (File.Exists(Path.Combine(settings.Weights, "vocab.json")) || File.Exists(Path.Combine(settings.Weights, "tokenizer.json")))
            {
                return settings.Weights;
            }
        }
        throw new TesseraArgumentException("--vocab", "no vocabulary found beside the weights; pass --vocab bpe_simple_vocab_16e6.txt.gz or a tokenizer folder");
    }
}
