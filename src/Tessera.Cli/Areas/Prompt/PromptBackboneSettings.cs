using System.ComponentModel;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>Options shared by the commands that load a frozen backbone.</summary>
internal class PromptBackboneSettings : CommonSettings
{
    /// <summary>Backbone weights or world model folder.</summary>
    [CommandOption("--backbone <PATH>", isRequired: true)]
    [Description("Frozen backbone: a ViT weights file (timm or KMnP/vpt layout, with --vit) or a shipped world model folder (models/world-vit-tiny for ViT methods, models/world-clip-tiny for pad, fixed-patch, random-patch, coop, zero-shot).")]
    public string Backbone { get; init; } = "";

    /// <summary>Backbone architecture.</summary>
    [CommandOption("--vit <NAME>")]
    [Description("ViT architecture of a weights file: tiny, vit_base_patch16_224, vit_large_patch14_224, vit_large_patch16_224 (ignored for a model folder).")]
    [DefaultValue("vit_base_patch16_224")]
    public string Vit { get; init; } = "vit_base_patch16_224";
}
