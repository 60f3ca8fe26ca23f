using System.ComponentModel;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>Options shared by the commands that load a frozen ViT.</summary>
internal class PromptBackboneSettings : CommonSettings
{
    /// <summary>Backbone weights.</summary>
    [CommandOption("--backbone <FILE>", isRequired: true)]
    [Description("Frozen ViT weights (timm or KMnP/vpt layout; safetensors or PyTorch).")]
    public string Backbone { get; init; } = "";

    /// <summary>Backbone architecture.</summary>
    [CommandOption("--vit <NAME>")]
    [Description("ViT architecture: tiny, vit_base_patch16_224, vit_large_patch14_224, vit_large_patch16_224.")]
    [DefaultValue("vit_base_patch16_224")]
    public string Vit { get; init; } = "vit_base_patch16_224";
}
