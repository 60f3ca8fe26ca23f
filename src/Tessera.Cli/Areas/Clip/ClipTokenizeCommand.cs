using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary><c>tessera clip tokenize --vocab FILE "text" ["text"…] [--truncate] [--context-length N]</c>.</summary>
internal sealed class ClipTokenizeCommand(CliConsole console) : Command<ClipTokenizeCommand.Settings>
{
    /// <summary>Arguments of <c>clip tokenize</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Texts to tokenize.</summary>
        [CommandArgument(0, "<TEXT>")]
        [Description("One or more texts; each gives one row of ids.")]
        public string[] Texts { get; init; } = [];

        /// <summary>Vocabulary file or folder.</summary>
        [CommandOption("--vocab <FILE>", isRequired: true)]
        [Description("OpenAI's bpe_simple_vocab_16e6.txt.gz, or a Hugging Face tokenizer folder (vocab.json + merges.txt).")]
        public string Vocab { get; init; } = "";

        /// <summary>Cut over-long texts.</summary>
        [CommandOption("--truncate")]
        [Description("Cut texts longer than the context length (keeping the end token) instead of failing.")]
        public bool Truncate { get; init; }

        /// <summary>Row length.</summary>
        [CommandOption("--context-length <N>")]
        [Description("Row length including start and end tokens (CLIP: 77).")]
        [DefaultValue(ClipTokenizer.DefaultContextLength)]
        public int ContextLength { get; init; } = ClipTokenizer.DefaultContextLength;

        /// <summary>Print the full zero-padded rows.</summary>
        [CommandOption("--padded")]
        [Description("Print the full zero-padded rows instead of stopping at the end token.")]
        public bool Padded { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            return Texts.Length == 0 ? ValidationResult.Error("TEXT: give at least one text") : ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Vocab) && !Directory.Exists(settings.Vocab))
        {
            throw new FileNotFoundException($"--vocab: '{settings.Vocab}' does not exist", settings.Vocab);
        }
        var tokenizer = ClipTokenizer.FromFile(settings.Vocab);
        var rows = tokenizer.Tokenize(settings.Texts, settings.ContextLength, settings.Truncate);
        var ids = rows.ToInt64Array();
        var width = settings.ContextLength;
        for (var r = 0; r < settings.Texts.Length; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = ids.AsSpan(r * width, width).ToArray();
            var shown = settings.Padded ? row : row.Take(Array.IndexOf(row, (long)tokenizer.EndOfTextId) + 1);
            console.Data(string.Join(' ', shown.Select(v => v.ToString(CultureInfo.InvariantCulture))));
        }
        return 0;
    }
}
