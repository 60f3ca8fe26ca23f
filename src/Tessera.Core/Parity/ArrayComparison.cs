using Tessera.Core.Arrays;
using Tessera.Core.Errors;

namespace Tessera.Core.Parity;

/// <summary>Element-wise comparison of results against reference arrays (shapes must agree).</summary>
public static class ArrayComparison
{
    /// <summary>Largest absolute difference between two equally long sequences.</summary>
    /// <param name="actual">Tessera's values.</param>
    /// <param name="expected">Reference values.</param>
    /// <returns>max |a − e|; NaN if any value is NaN on one side only.</returns>
    /// <exception cref="TesseraArgumentException">The lengths differ.</exception>
    public static double MaxAbsDiff(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        Guard.That(actual.Length == expected.Length, nameof(actual), $"length {actual.Length} must equal the reference length {expected.Length}");
        var max = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var a = actual[i];
            var e = expected[i];
            if (double.IsNaN(a) != double.IsNaN(e)) { return double.NaN; }
            if (double.IsNaN(a)) { continue; }
            var d = Math.Abs(a - e);
            if (d > max) { max = d; }
        }
        return max;
    }

    /// <summary>Largest absolute difference of two arrays of the same shape.</summary>
    /// <param name="actual">Tessera's array.</param>
    /// <param name="expected">Reference array.</param>
    /// <returns>max |a − e|.</returns>
    /// <exception cref="TesseraArgumentException">The shapes differ.</exception>
    public static double MaxAbsDiff(NdArray actual, NdArray expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        RequireSameShape(actual, expected);
        return MaxAbsDiff(actual.ToDoubleArray(), expected.ToDoubleArray());
    }

    /// <summary>Whether every element satisfies |a − e| ≤ atol + rtol·|e| (numpy's <c>allclose</c> rule).</summary>
    /// <param name="actual">Tessera's values.</param>
    /// <param name="expected">Reference values.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <returns>The number of elements outside the tolerance.</returns>
    public static long CountOutsideTolerance(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double atol, double rtol)
    {
        Guard.That(actual.Length == expected.Length, nameof(actual), $"length {actual.Length} must equal the reference length {expected.Length}");
        long bad = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var d = Math.Abs(actual[i] - expected[i]);
            if (!(d <= atol + (rtol * Math.Abs(expected[i])))) { bad++; }
        }
        return bad;
    }

    /// <summary>Throws unless both arrays have the same shape.</summary>
    /// <param name="actual">Tessera's array.</param>
    /// <param name="expected">Reference array.</param>
    /// <exception cref="TesseraArgumentException">The shapes differ.</exception>
    public static void RequireSameShape(NdArray actual, NdArray expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        Guard.That(actual.Shape.SequenceEqual(expected.Shape), nameof(actual),
            $"shape [{string.Join(", ", actual.Shape)}] must equal the reference shape [{string.Join(", ", expected.Shape)}]");
    }
}
