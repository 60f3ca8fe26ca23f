using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Data.Digits;
using Tessera.Data.World;
using Tessera.World.Models;

namespace Tessera.Cli.Areas.World;

/// <summary><c>tessera world info [--models DIR] [--json]</c>: domains, digits and the shipped models with their cards.</summary>
internal sealed class WorldInfoCommand(CliConsole console) : Command<WorldInfoCommand.Settings>
{
    /// <summary>Arguments of <c>world info</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Models folder.</summary>
        [CommandOption("--models <DIR>")]
        [Description("Folder holding world-vit-tiny/ and world-clip-tiny/ (default: the repository's models/ found above the current folder).")]
        public string? Models { get; init; }

        /// <summary>Print JSON.</summary>
        [CommandOption("--json")]
        [Description("Print one JSON object (domains, digits, models with their card.json) on stdout.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var modelsDir = settings.Models ?? WorldModels.FindModelsDirectory();
        if (settings.Models is not null && !Directory.Exists(settings.Models))
        {
            throw new DirectoryNotFoundException($"--models: folder '{settings.Models}' does not exist");
        }
        var models = new JsonObject();
        foreach (var name in new[] { WorldModels.VitFolder, WorldModels.ClipFolder })
        {
            var card = modelsDir is null ? null : Path.Combine(modelsDir, name, "card.json");
            models[name] = card is not null && File.Exists(card) ? JsonNode.Parse(File.ReadAllText(card)) : null;
        }
        var json = new JsonObject
        {
            ["domains"] = new JsonArray([.. WorldDomains.All.Values.Select(d => (JsonNode?)new JsonObject { ["name"] = d.Name, ["description"] = d.Description })]),
            ["shapes"] = new JsonArray([.. WorldVocabulary.Shapes.Select(s => (JsonNode?)s)]),
            ["colors"] = new JsonArray([.. WorldVocabulary.Colors.Select(s => (JsonNode?)s)]),
            ["digits"] = new JsonObject { ["available"] = MnistDigits.IsAvailable(), ["directory"] = MnistDigits.DefaultDirectory },
            ["models_directory"] = modelsDir,
            ["models"] = models,
        };
        if (settings.Json)
        {
            console.Data(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }
        var domains = new Table().AddColumns("domain", "description");
        foreach (var d in WorldDomains.All.Values) { domains.AddRow(Markup.Escape(d.Name), Markup.Escape(d.Description)); }
        console.Out.Write(domains);
        var table = new Table().AddColumns("model", "parameters", "steps", "wall s", "metrics");
        foreach (var (name, card) in models)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(card?["parameters"]?.ToJsonString() ?? "missing"),
                Markup.Escape(card?["steps"]?.ToJsonString() ?? ""), Markup.Escape(card?["wall_seconds"]?.ToJsonString() ?? ""),
                Markup.Escape(card?["metrics"]?.ToJsonString() ?? ""));
        }
        console.Out.Write(table);
        console.Out.WriteLine(MnistDigits.IsAvailable() ? $"digits: {MnistDigits.DefaultDirectory}" : $"digits: not found ({MnistDigits.HowToGet})");
        return ExitCodes.Ok;
    }
}
