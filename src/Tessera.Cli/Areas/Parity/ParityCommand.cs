using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Parity;
using Tessera.Core.Progress;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Parity;

/// <summary><c>tessera parity DIR [--group G…] [--json]</c>.</summary>
internal sealed class ParityCommand(CliConsole console) : Command<ParityCommand.Settings>
{
    /// <summary>Arguments of <c>parity</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Fixture folder.</summary>
        [CommandArgument(0, "<DIR>")]
        [Description("Folder of reference fixtures (an area folder or a folder of areas).")]
        public string Directory { get; init; } = "";

        /// <summary>Selected groups.</summary>
        [CommandOption("-g|--group <GROUP>")]
        [Description("Select a group (name, area, or area/group); repeatable. Default: all.")]
        public string[] Groups { get; init; } = [];

        /// <summary>Emit JSON rows.</summary>
        [CommandOption("--json")]
        [Description("Print the rows as a JSON array instead of a table.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(settings.Directory))
        {
            throw new DirectoryNotFoundException($"DIR: fixture folder '{settings.Directory}' does not exist");
        }
        var catalog = ParityCatalogs.Default();
        IReadOnlyList<ParityRow> rows;
        if (settings.Json)
        {
            rows = ParityRunner.Run(catalog, settings.Directory, settings.Groups, null, cancellationToken);
            console.Data(JsonSerializer.Serialize(rows, JsonOptions));
        }
        else
        {
            rows = [];
            console.Err.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask("parity");
                var progress = new Progress<ProgressReport>(r =>
                {
                    task.MaxValue = r.Total ?? 1;
                    task.Value = r.Done;
                    task.Description = Markup.Escape(r.Detail ?? r.Stage);
                });
                rows = ParityRunner.Run(catalog, settings.Directory, settings.Groups, progress, cancellationToken);
            });
            console.Out.Write(RenderTable(rows));
            var passed = rows.Count(r => r.Status == ParityStatus.Pass);
            console.Data(string.Format(CultureInfo.InvariantCulture, "{0} passed, {1} failed, {2} unsupported",
                passed, rows.Count(r => r.Status == ParityStatus.Fail), rows.Count(r => r.Status == ParityStatus.Unsupported)));
        }
        return rows.Count > 0 && rows.All(r => r.Status == ParityStatus.Pass) ? 0 : 1;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static Table RenderTable(IReadOnlyList<ParityRow> rows)
    {
        var table = new Table().AddColumns("area", "group", "case", "status", "metric", "value", "limit", "note");
        foreach (var r in rows)
        {
            var status = r.Status switch
            {
                ParityStatus.Pass => "[green]pass[/]",
                ParityStatus.Fail => "[red]fail[/]",
                _ => "[yellow]unsupported[/]",
            };
            table.AddRow(Markup.Escape(r.Area), Markup.Escape(r.Group), Markup.Escape(r.Case), status, Markup.Escape(r.Metric),
                Format(r.Value), Format(r.Limit), Markup.Escape(r.Message ?? ""));
        }
        return table;
    }

    private static string Format(double? v) => v is null ? "" : v.Value.ToString("G4", CultureInfo.InvariantCulture);
}
