using System.Reflection;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;

namespace Tessera.Cli;

/// <summary>Builds the <c>tessera</c> command tree from <see cref="CliAreas"/> and runs it with one-line errors.</summary>
internal static class TesseraApp
{
    /// <summary>Exit code for bad usage or bad input (see <see cref="ExitCodes"/>).</summary>
    public const int BadInputExitCode = ExitCodes.BadUsage;

    /// <summary>Runs the CLI.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where data (stdout) and diagnostics (stderr) go.</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl-C is wired to it by <see cref="Program"/>).</param>
    /// <returns>Process exit code (<see cref="ExitCodes"/>): 0 ok, 1 work failed, 2 bad usage or input, 130 cancelled.</returns>
    public static int Run(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Create(console, args).Run(args, cancellationToken);
    }

    /// <summary>Creates the configured application (tests add their own help provider to walk the command tree).</summary>
    /// <param name="console">Where data (stdout) and diagnostics (stderr) go.</param>
    /// <param name="args">The command line (error messages name the options as typed).</param>
    /// <returns>The application, ready to run.</returns>
    internal static CommandApp Create(CliConsole console, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(console);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("tessera");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(console.Out);
            config.UseStrictParsing();
            config.CancellationExitCode(ExitCodes.Cancelled);
            config.Settings.Registrar.RegisterInstance(console);
            config.SetExceptionHandler((ex, _) => CliErrors.Report(ex, console, args));
            Configure(config);
        });
        return app;
    }

    /// <summary>The informational version of the CLI assembly.</summary>
    public static string Version =>
        typeof(TesseraApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Adds every area's commands, then the <c>bench</c> branch the areas fill.</summary>
    /// <param name="config">The root configurator.</param>
    internal static void Configure(IConfigurator config)
    {
        foreach (var area in CliAreas.All)
        {
            area.Register(config);
        }
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks: Tessera against reference timings (same-run where the peer is available).");
            foreach (var area in CliAreas.All)
            {
                area.RegisterBench(bench);
            }
        });
    }
}
