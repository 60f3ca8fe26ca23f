using Tessera.Core.Parity;

namespace Tessera.Cli.Areas.Parity;

/// <summary>
/// The parity catalogue the CLI and the tests use, assembled from the handlers of every area in
/// <see cref="CliAreas"/>. Fixture folders no handler claims are reported as unsupported. Which groups must pass is
/// decided by the tests (tests/Tessera.Cli.Tests/Parity/LandedGroups.cs), not here.
/// </summary>
internal static class ParityCatalogs
{
    /// <summary>Every handler of every area.</summary>
    /// <returns>A new catalogue.</returns>
    public static ParityCatalog Default() => new(CliAreas.All.SelectMany(a => a.ParityHandlers()));
}
