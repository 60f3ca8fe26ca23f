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
    /// <summary>Seed of every random decision.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed for every random decision (same seed → same output).")]
    [DefaultValue(0UL)]
    public ulong Seed { get; init; }

    /// <summary>Worker threads (output does not depend on it).</summary>
    [CommandOption("--workers <N>")]
    [Description("Worker threads; results are identical for any value.")]
    [DefaultValue(1)]
    public int Workers { get; init; } = 1;
}
