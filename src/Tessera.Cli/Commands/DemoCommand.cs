using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Demo;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera demo [--out DIR] [--section ID…]</c>: the main job on embedded defaults.</summary>
internal sealed class DemoCommand(IAnsiConsole console) : Command<DemoCommand.Settings>
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
        var sections = DemoSections.All(new DemoOptions { Bench = settings.Bench })
            .Where(s => settings.Sections.Length == 0 || settings.Sections.Contains(s.Id, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (sections.Count == 0)
        {
            throw new Core.Errors.TesseraArgumentException("--section",
                $"matches no section; known: {string.Join(", ", DemoSections.All().Select(s => s.Id))}");
        }
        var results = new List<(string, string, string, string?)>();
        var failed = 0;
        console.Progress().Start(ctx =>
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
            console.MarkupLine((error is null ? "[green]ok[/]   " : "[red]FAIL[/] ") + Markup.Escape(error is null ? title : $"{title}: {error}"));
        }
        console.MarkupLineInterpolated($"Demo page: [link]{index}[/]");
        return failed == 0 ? 0 : 1;
    }
}
