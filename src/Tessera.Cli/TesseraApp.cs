using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Commands;
using Tessera.Core.Errors;

namespace Tessera.Cli;

/// <summary>Builds the <c>tessera</c> command tree and runs it with one-line errors.</summary>
internal static class TesseraApp
{
    /// <summary>Exit code for bad input (typed Tessera errors, missing files).</summary>
    public const int BadInputExitCode = 2;

    /// <summary>Runs the CLI.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where output goes.</param>
    /// <returns>Process exit code: 0 success, 1 failure (e.g. a parity case failed), 2 bad input.</returns>
    public static int Run(string[] args, IAnsiConsole console)
    {
        var verbose = args.Contains("--verbose");
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("tessera");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(console);
            config.SetExceptionHandler((ex, _) =>
            {
                var inner = ex is CommandRuntimeException && ex.InnerException is not null ? ex.InnerException : ex;
                if (verbose)
                {
                    console.WriteException(inner);
                }
                else
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {inner.Message}");
                }
                return inner switch
                {
                    TesseraArgumentException or TesseraFormatException or FileNotFoundException or DirectoryNotFoundException
                        or CommandParseException or CommandRuntimeException => BadInputExitCode,
                    OperationCanceledException => 130,
                    _ => 1,
                };
            });
            Register(config);
        });
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return app.Run(args, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The informational version of the CLI assembly.</summary>
    public static string Version =>
        typeof(TesseraApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static void Register(IConfigurator config)
    {
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("Run the demo on embedded data and write out/demo/index.html.");
        config.AddCommand<ParityCommand>("parity")
            .WithDescription("Check Tessera against reference fixtures (one row per case).")
            .WithExample("parity", "../shared/fixtures", "--group", "clip");
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Throughput benchmarks against the stored reference figures.");
            bench.AddCommand<Commands.Bench.BenchAugmentCommand>("augment")
                .WithDescription("Images per second of each augmentation vs albumentations 1.3.1.")
                .WithExample("bench", "augment", "--transforms", "all", "--size", "256", "--images", "200", "--repeat", "5", "--json", "out/bench-augment.json");
        });
    }
}
