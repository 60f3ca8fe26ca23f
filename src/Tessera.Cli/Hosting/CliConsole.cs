using Spectre.Console;

namespace Tessera.Cli.Hosting;

/// <summary>
/// The two streams of the <c>tessera</c> command: <see cref="Out"/> carries the data a user asked for (JSON, tables,
/// token ids, reports) and <see cref="Err"/> carries everything else (progress, status lines, warnings, errors), so
/// piping stdout never mixes progress text into the data.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>Creates the pair.</summary>
    /// <param name="output">Console for data (stdout).</param>
    /// <param name="diagnostics">Console for progress, status, warnings and errors (stderr).</param>
    public CliConsole(IAnsiConsole output, IAnsiConsole diagnostics)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(diagnostics);
        Out = output;
        Err = diagnostics;
    }

    /// <summary>The process's real stdout and stderr.</summary>
    /// <returns>A new pair.</returns>
    public static CliConsole ForProcess() => new(
        AnsiConsole.Console,
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));

    /// <summary>Data console (stdout): JSON, tables and text the command exists to print.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Diagnostics console (stderr): progress bars, status spinners, informational lines.</summary>
    public IAnsiConsole Err { get; }

    /// <summary>Writes one line of data (e.g. a JSON document) to stdout, as is.</summary>
    /// <param name="text">The text.</param>
    public void Data(string text) => Out.Profile.Out.Writer.WriteLine(text);

    /// <summary>Writes one informational line (e.g. "wrote out.obj") to stderr, as is (no markup, never wrapped).</summary>
    /// <param name="text">The text.</param>
    public void Info(string text) => Err.Profile.Out.Writer.WriteLine(text);

    /// <summary>Writes <c>warning: TEXT</c> to stderr on one line.</summary>
    /// <param name="text">What is wrong and why the work goes on.</param>
    public void Warning(string text) => Err.Profile.Out.Writer.WriteLine("warning: " + text);

    /// <summary>Writes <c>error: TEXT</c> to stderr on one line (never wrapped, whatever the terminal width).</summary>
    /// <param name="text">What is wrong.</param>
    public void Error(string text) => Err.Profile.Out.Writer.WriteLine("error: " + OneLine(text));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
