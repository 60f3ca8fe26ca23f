using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Weights;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary><c>tessera model inspect FILE [--json] [--limit N]</c>: format, keys, shapes, dtypes, parameter count.</summary>
internal sealed class ModelInspectCommand(CliConsole console) : Command<ModelInspectCommand.Settings>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Arguments of <c>model inspect</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Weights file or folder.</summary>
        [CommandArgument(0, "<FILE>")]
        [Description("safetensors, torch.save (.pt/.pth/.bin) or TorchScript file, or a folder holding one.")]
        public string File { get; init; } = "";

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print a JSON object instead of a table.")]
        public bool Json { get; init; }

        /// <summary>Row limit.</summary>
        [CommandOption("--limit <N>")]
        [Description("Show at most N keys in the table (0: all).")]
        [DefaultValue(0)]
        public int Limit { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var file = CheckpointReader.ResolveFile(settings.File);
        var format = CheckpointReader.Detect(file);
        using var weights = CheckpointReader.Read(file);
        var clip = ClipCheckpoint.Detect(weights);
        var vit = VitCheckpoint.Detect(weights);
        var layout = clip != ClipCheckpointLayout.Unknown ? $"CLIP ({clip})" : vit != VitCheckpointLayout.Unknown ? $"ViT ({vit})" : "unknown";
        var total = weights.ElementCount();
        var inv = CultureInfo.InvariantCulture;
        if (settings.Json)
        {
            var json = new
            {
                file,
                format = format.ToString(),
                layout,
                tensors = weights.Count,
                parameters = total,
                keys = weights.Keys.Select(k => new { name = k, shape = weights[k].shape, dtype = weights[k].dtype.ToString() }),
            };
            console.Data(JsonSerializer.Serialize(json, Indented));
            return 0;
        }
        console.Data(file);
        console.Data(string.Create(inv, $"format: {format}; layout: {layout}; tensors: {weights.Count}; elements: {total.ToString("N0", inv)}"));
        var table = new Table().AddColumns("key", "shape", "dtype", "elements");
        var keys = settings.Limit > 0 ? weights.Keys.Take(settings.Limit) : weights.Keys;
        foreach (var k in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var t = weights[k];
            table.AddRow(Markup.Escape(k), Markup.Escape($"[{string.Join(", ", t.shape)}]"), t.dtype.ToString(), t.numel().ToString(inv));
        }
        console.Out.Write(table);
        if (settings.Limit > 0 && weights.Count > settings.Limit)
        {
            console.Data(string.Create(inv, $"… {weights.Count - settings.Limit} more keys"));
        }
        return 0;
    }
}
