namespace Tessera.Cli.Hosting;

/// <summary>Exit codes of the <c>tessera</c> command (documented in README.md).</summary>
internal static class ExitCodes
{
    /// <summary>The work was done.</summary>
    public const int Ok = 0;

    /// <summary>The work failed (a parity case failed, a demo section failed, an unexpected error).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or bad input: unknown option, invalid value, missing or malformed file.</summary>
    public const int BadUsage = 2;

    /// <summary>Cancelled (Ctrl-C).</summary>
    public const int Cancelled = 130;
}
