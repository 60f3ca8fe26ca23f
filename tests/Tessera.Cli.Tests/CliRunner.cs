using Spectre.Console.Testing;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Tests;

/// <summary>What one run of the CLI printed: <see cref="Out"/> is stdout (data), <see cref="Err"/> is stderr.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    /// <summary>stdout then stderr, for tests that only look for a word.</summary>
    public string Output => Out + Err;

    public void Deconstruct(out int exitCode, out string output)
    {
        exitCode = ExitCode;
        output = Output;
    }

    public void Deconstruct(out int exitCode, out string stdout, out string stderr)
    {
        exitCode = ExitCode;
        stdout = Out;
        stderr = Err;
    }
}

internal static class CliRunner
{
    public static CliResult Run(params string[] args) => RunWith(args);

    /// <summary>Runs with a narrow stderr (to check that error lines are not wrapped) or a cancelled token.</summary>
    public static CliResult RunWith(string[] args, int width = 250, CancellationToken cancellationToken = default)
    {
        var stdout = new TestConsole().Width(width);
        var stderr = new TestConsole().Width(width);
        var code = TesseraApp.Run(args, new CliConsole(stdout, stderr), cancellationToken);
        return new CliResult(code, stdout.Output, stderr.Output);
    }
}
