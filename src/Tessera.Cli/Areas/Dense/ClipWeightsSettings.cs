using System.ComponentModel;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Dense;

/// <summary>The CLIP a dense command builds on: weights, vocabulary and head counts a checkpoint does not record. Shared
/// by <c>segment</c>, <c>clipseg train|eval</c> and <c>denseclip train|eval</c>, so each option means the same everywhere.</summary>
internal class ClipWeightsSettings : CommonSettings
{
    /// <summary>CLIP weights.</summary>
    [CommandOption("--clip <PATH>", isRequired: true)]
    [Description("CLIP weights: OpenAI .pt, safetensors or a folder (e.g. models/world-clip-tiny); kept frozen.")]
    public string Clip { get; init; } = "";

    /// <summary>Vocabulary.</summary>
    [CommandOption("--vocab <FILE>")]
    [Description("CLIP vocabulary; default: vocab.json + merges.txt or bpe_simple_vocab_16e6.txt.gz beside the CLIP weights.")]
    public string? Vocab { get; init; }

    /// <summary>Text head count override.</summary>
    [CommandOption("--text-heads <N>")]
    [Description("Text attention heads when they differ from CLIP's width/64 rule (small custom models).")]
    public int? TextHeads { get; init; }

    /// <summary>Image head count override.</summary>
    [CommandOption("--vision-heads <N>")]
    [Description("Image attention heads when they differ from CLIP's width/64 rule.")]
    public int? VisionHeads { get; init; }
}

/// <summary><see cref="ClipWeightsSettings"/> for the training commands, which also draw random numbers and run threads
/// (the options of <see cref="SeededSettings"/>, with its descriptions: a class derives from one class only).</summary>
internal class SeededClipWeightsSettings : ClipWeightsSettings
{
    /// <summary>Seed of every random decision.</summary>
    [CommandOption("--seed <N>")]
    [Description(SeededSettings.SeedDescription)]
    [DefaultValue(0UL)]
    public ulong Seed { get; init; }

    /// <summary>Worker threads (output does not depend on it).</summary>
    [CommandOption("--workers <N>")]
    [Description(SeededSettings.WorkersDescription)]
    [DefaultValue(1)]
    public int Workers { get; init; } = 1;
}
