using System.Globalization;

namespace Tessera.Core.Parity;

/// <summary>What a case reports back to the runner (the runner adds area, group and case names).</summary>
/// <param name="Status">Pass or fail.</param>
/// <param name="Metric">Name of the measured quantity.</param>
/// <param name="Value">Measured value.</param>
/// <param name="Limit">Tolerance.</param>
/// <param name="Message">Optional detail.</param>
public sealed record ParityOutcome(ParityStatus Status, string Metric, double? Value, double? Limit, string? Message = null)
{
    /// <summary>Passes when <paramref name="value"/> ≤ <paramref name="limit"/> (NaN fails).</summary>
    /// <param name="metric">Name of the measured quantity.</param>
    /// <param name="value">Measured value.</param>
    /// <param name="limit">Tolerance.</param>
    /// <param name="message">Optional detail.</param>
    /// <returns>The outcome.</returns>
    public static ParityOutcome AtMost(string metric, double value, double limit, string? message = null)
        => new(value <= limit ? ParityStatus.Pass : ParityStatus.Fail, metric, value, limit, message);

    /// <summary>Passes when a condition holds (e.g. exact equality); the value is the mismatch count.</summary>
    /// <param name="metric">Name of the measured quantity.</param>
    /// <param name="mismatches">Number of mismatching elements; 0 passes.</param>
    /// <param name="message">Optional detail.</param>
    /// <returns>The outcome.</returns>
    public static ParityOutcome Exact(string metric, long mismatches, string? message = null)
        => new(mismatches == 0 ? ParityStatus.Pass : ParityStatus.Fail, metric, mismatches, 0, message);

    /// <summary>Combines outcomes: fails if any fails; reports the first failing (else the last) outcome's metric.</summary>
    /// <param name="outcomes">Outcomes of the parts of one case.</param>
    /// <returns>The combined outcome.</returns>
    public static ParityOutcome All(IEnumerable<ParityOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ParityOutcome? last = null;
        var failures = new List<ParityOutcome>();
        foreach (var o in outcomes)
        {
            last = o;
            if (o.Status != ParityStatus.Pass) { failures.Add(o); }
        }
        if (failures.Count > 0)
        {
            var f = failures[0];
            var more = failures.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (+{failures.Count - 1} more failing checks)") : "";
            return f with { Message = $"{f.Metric}: {f.Message}{more}" };
        }
        return last ?? new ParityOutcome(ParityStatus.Fail, "checks", 0, null, "no checks were run");
    }
}
