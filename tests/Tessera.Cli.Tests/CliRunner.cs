using Spectre.Console.Testing;

namespace Tessera.Cli.Tests;

internal static class CliRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        var code = TesseraApp.Run(args, console);
        return (code, console.Output);
    }
}
