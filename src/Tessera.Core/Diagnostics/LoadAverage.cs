using System.Globalization;

namespace Tessera.Core.Diagnostics;

/// <summary>The machine's load average (Linux <c>/proc/loadavg</c>), recorded next to every timing and on model cards.</summary>
public static class LoadAverage
{
    /// <summary>The 1-, 5- and 15-minute load averages, or null where there are none (not Linux, unreadable).</summary>
    /// <returns>E.g. <c>"1.42 1.66 3.30"</c>.</returns>
    public static string? Read()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The 1-minute load average alone, as text, or null where there is none.</summary>
    /// <returns>E.g. <c>"1.42"</c>.</returns>
    public static string? OneMinute() => Read()?.Split(' ')[0];

    /// <summary>The 1-minute load average as a number, or null where there is none.</summary>
    /// <returns>E.g. 1.42.</returns>
    public static double? OneMinuteValue()
        => OneMinute() is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
