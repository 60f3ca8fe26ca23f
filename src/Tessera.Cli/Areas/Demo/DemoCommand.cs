using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Demo;

/// <summary><c>tessera demo [--out DIR] [--section ID…]</c>: the main job on embedded defaults.</summary>
internal sealed class DemoCommand(CliConsole console) : Command<DemoCommand.Settings>
{
    /// <summary>Arguments of <c>demo</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder for index.html and its pictures.")]
        [DefaultValue("out/demo")]
        public string Out { get; init; } = "out/demo";

        /// <summary>Sections to run.</summary>
        [CommandOption("-s|--section <ID>")]
        [Description("Run only these sections (ids); repeatable. Default: all.")]
        public string[] Sections { get; init; } = [];

        /// <summary>Also run benchmarks and chart them.</summary>
        [CommandOption("--bench")]
        [Description("Also run the (slower) benchmarks and draw their tables as bar charts.")]
        public bool Bench { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var outDir = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(outDir);
        var sections = AllSections(new DemoOptions { Bench = settings.Bench })
            .Where(s => settings.Sections.Length == 0 || settings.Sections.Contains(s.Id, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (sections.Count == 0)
        {
            throw new Core.Errors.TesseraArgumentException("--section",
                $"matches no section; known: {string.Join(", ", AllSections(new DemoOptions()).Select(s => s.Id))}");
        }
        var results = new List<(string, string, string, string?)>();
        var failed = 0;
        console.Err.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("demo", maxValue: sections.Count);
            foreach (var section in sections)
            {
                cancellationToken.ThrowIfCancellationRequested();
                task.Description = Markup.Escape(section.Title);
                var writer = new DemoSectionWriter(outDir, section.Id);
                string? error = null;
                try
                {
                    section.Render(writer, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
#pragma warning disable CA1031 // one failing section must not hide the others; it is reported on the page and by the exit code
                catch (Exception e)
#pragma warning restore CA1031
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                    failed++;
                }
                results.Add((section.Title, section.Id, writer.Html, error));
                task.Increment(1);
            }
        });
        var index = Path.Combine(outDir, "index.html");
        DemoPage.Write(index, results, TesseraApp.Version);
        foreach (var (title, _, _, error) in results)
        {
            console.Info((error is null ? "ok   " : "FAIL ") + (error is null ? title : $"{title}: {error}"));
        }
        console.Info($"Demo page: {index}");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Every area's demo sections, in <see cref="CliAreas"/> order.</summary>
    /// <param name="options">Options of the demo.</param>
    /// <returns>New section instances.</returns>
    internal static IReadOnlyList<IDemoSection> AllSections(DemoOptions options) => [.. CliAreas.All.SelectMany(a => a.DemoSections(options))];
}
