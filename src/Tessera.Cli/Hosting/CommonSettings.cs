using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tessera.Cli.Hosting;

/// <summary>Options every command accepts.</summary>
internal class CommonSettings : CommandSettings
{
    /// <summary>Show full stack traces on errors.</summary>
    [CommandOption("--verbose")]
    [Description("Print full exception details on error.")]
    public bool Verbose { get; init; }
}

/// <summary>Options for commands that draw random numbers or run in parallel.</summary>
internal class SeededSettings : CommonSettings
{
    /// <summary>The meaning of <c>--seed</c>, for settings that cannot derive from this class.</summary>
    internal const string SeedDescription = "Seed for every random decision (same seed → same output).";

    /// <summary>The meaning of <c>--workers</c>, for settings that cannot derive from this class.</summary>
    internal const string WorkersDescription = "Worker threads; results are identical for any value.";

    /// <summary>Seed of every random decision.</summary>
    [CommandOption("--seed <N>")]
    [Description(SeedDescription)]
    [DefaultValue(0UL)]
    public ulong Seed { get; init; }

    /// <summary>Worker threads (output does not depend on it).</summary>
    [CommandOption("--workers <N>")]
    [Description(WorkersDescription)]
    [DefaultValue(1)]
    public int Workers { get; init; } = 1;
}
