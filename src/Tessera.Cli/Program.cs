using Tessera.Cli.Hosting;

namespace Tessera.Cli;

/// <summary>Entry point of the <c>tessera</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C asks the command to stop (it cleans up and exits 130); a second one kills the process.
            e.Cancel = !cts.IsCancellationRequested;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return TesseraApp.Run(args, CliConsole.ForProcess(), cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
