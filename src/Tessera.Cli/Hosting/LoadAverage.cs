namespace Tessera.Cli.Hosting;

/// <summary>The machine's load average, recorded next to every timing.</summary>
internal static class LoadAverage
{
    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg, or null where there is none.</summary>
    /// <returns>E.g. <c>"1.42 1.66 3.30"</c>.</returns>
    public static string? Read()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The 1-minute load average alone, or null where there is none.</summary>
    /// <returns>E.g. <c>"1.42"</c>.</returns>
    public static string? OneMinute() => Read()?.Split(' ')[0];
}
