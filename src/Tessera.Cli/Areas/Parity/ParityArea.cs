using Spectre.Console.Cli;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Parity;

/// <summary>The <c>parity</c> area: runs every area's parity handlers over a fixture folder.</summary>
internal sealed class ParityArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "parity";

    /// <inheritdoc />
    public void Register(IConfigurator config) =>
        config.AddCommand<ParityCommand>("parity")
            .WithDescription("Check Tessera against reference fixtures (one row per case).")
            .WithExample("parity", "../shared/fixtures", "--group", "clip");
}
