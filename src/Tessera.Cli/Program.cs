using Spectre.Console;

namespace Tessera.Cli;

/// <summary>Entry point of the <c>tessera</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args) => TesseraApp.Run(args, AnsiConsole.Console);
}
