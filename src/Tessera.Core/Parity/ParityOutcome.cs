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

    /// <summary>numpy's <c>allclose</c> as an outcome: passes when the shapes agree and every |a − e| ≤ atol + rtol·|e|
    /// (NaN fails); the value is the largest absolute difference.</summary>
    /// <param name="name">Name of the compared array (the metric is <c>name.max_abs</c>).</param>
    /// <param name="actual">Tessera's array.</param>
    /// <param name="expected">Reference array.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <returns>The outcome.</returns>
    public static ParityOutcome AllClose(string name, Arrays.NdArray actual, Arrays.NdArray expected, double atol, double rtol)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!actual.Shape.SequenceEqual(expected.Shape))
        {
            return new ParityOutcome(ParityStatus.Fail, $"{name}.shape", null, null,
                $"shape [{string.Join(", ", actual.Shape)}] != reference [{string.Join(", ", expected.Shape)}]");
        }
        var a = actual.ToDoubleArray();
        var e = expected.ToDoubleArray();
        var max = ArrayComparison.MaxAbsDiff(a, e);
        var bad = ArrayComparison.CountOutsideTolerance(a, e, atol, rtol);
        return new ParityOutcome(bad == 0 && !double.IsNaN(max) ? ParityStatus.Pass : ParityStatus.Fail, $"{name}.max_abs", max, atol,
            string.Create(CultureInfo.InvariantCulture, $"{bad} of {a.Length} elements outside atol {atol} + rtol {rtol}·|expected|"));
    }

    /// <summary><see cref="All"/>, and when everything passes, a message naming every check's value and limit.</summary>
    /// <param name="checks">Outcomes of the parts of one case.</param>
    /// <returns>The combined outcome.</returns>
    public static ParityOutcome AllWithValues(IReadOnlyList<ParityOutcome> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var all = All(checks);
        if (all.Status != ParityStatus.Pass) { return all; }
        var parts = checks.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Metric} {c.Value:G3} (limit {c.Limit:G3})"));
        return all with { Message = string.Join("; ", parts) };
    }
}
