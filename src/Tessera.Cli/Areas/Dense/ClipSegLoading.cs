using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Weights;
using Tessera.Cli.Areas.Clip;

namespace Tessera.Cli.Areas.Dense;

/// <summary>Loading shared by the CLIPSeg commands: CLIP weights (file or folder, e.g. <c>models/world-clip-tiny</c>),
/// the vocabulary beside them, and the extract-layer list.</summary>
internal static class ClipSegLoading
{
    /// <summary>CLIP in OpenAI layout with its configuration (head counts overridable).</summary>
    public static (ClipModel Model, ClipConfig Config) LoadClip(string path, int? textHeads, int? visionHeads)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) { throw new TesseraArgumentException("--clip", $"'{path}' does not exist"); }
        var (openAi, config) = ClipHeadOptions.Read(path, textHeads, visionHeads);
        using (openAi)
        {
            return (ClipModel.FromWeights(openAi, config), config);
        }
    }

    /// <summary>The vocabulary: <paramref name="vocab"/>, else a tokenizer folder given as <c>--clip</c> (vocab.json +
    /// merges.txt), else <c>bpe_simple_vocab_16e6.txt.gz</c> beside the CLIP weights.</summary>
    public static ClipTokenizer Tokenizer(string clip, string? vocab)
    {
        if (!string.IsNullOrWhiteSpace(vocab))
        {
            return File.Exists(vocab) || Directory.Exists(vocab) ? ClipTokenizer.FromFile(vocab) : throw new TesseraArgumentException("--vocab", $"'{vocab}' does not exist");
        }
        var folder = Directory.Exists(clip) ? clip : Path.GetDirectoryName(Path.GetFullPath(clip))!;
        if (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt"))) { return ClipTokenizer.FromFile(folder); }
        var gz = Path.Combine(folder, "bpe_simple_vocab_16e6.txt.gz");
        return File.Exists(gz) ? ClipTokenizer.FromFile(gz) : throw new TesseraArgumentException("--vocab", "no vocab.json + merges.txt or bpe_simple_vocab_16e6.txt.gz beside the CLIP weights; pass --vocab");
    }

    /// <summary>Parses <c>--extract-layers</c>.</summary>
    public static List<int> ParseLayers(string list)
    {
        try
        {
            return list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        }
        catch (FormatException)
        {
            throw new TesseraArgumentException("--extract-layers", $"must be comma-separated block indices, got '{list}'");
        }
    }

    /// <summary>The referring file of <c>--data</c>: the file itself or <c>DIR/referring.json</c>.</summary>
    public static string ReferringFile(string data)
    {
        if (File.Exists(data)) { return data; }
        var inFolder = Path.Combine(data, "referring.json");
        return File.Exists(inFolder) ? inFolder : throw new TesseraArgumentException("--data", $"'{data}' is neither a referring JSON file nor a folder holding referring.json");
    }

    /// <summary>Parses <c>--holdout</c>: comma-separated word combinations (e.g. "red circle,blue star").</summary>
    public static IReadOnlyList<string> ParseHoldout(string? list)
        => list is null ? [] : list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a phrase contains one of the held-out combinations (as whole words).</summary>
    public static bool IsHeldOut(string phrase, IReadOnlyList<string> holdout)
        => holdout.Any(h => (" " + phrase + " ").Contains(" " + h + " ", StringComparison.OrdinalIgnoreCase));
}
