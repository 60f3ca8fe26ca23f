using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Tessera.Core.Errors;

/// <summary>Argument checks that throw <see cref="TesseraArgumentException"/> naming the argument and the rule.</summary>
public static class Guard
{
    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    /// <param name="condition">The rule's outcome.</param>
    /// <param name="paramName">The argument's name.</param>
    /// <param name="rule">The rule, e.g. "must be positive".</param>
    /// <exception cref="TesseraArgumentException">The condition is false.</exception>
    public static void That([DoesNotReturnIf(false)] bool condition, string paramName, string rule)
    {
        if (!condition)
        {
            throw new TesseraArgumentException(paramName, rule);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is strictly positive.</summary>
    /// <param name="value">The value.</param>
    /// <param name="paramName">Filled in by the compiler.</param>
    /// <exception cref="TesseraArgumentException">The value is zero or negative.</exception>
    public static void Positive(int value, [CallerArgumentExpression(nameof(value))] string paramName = "")
        => That(value > 0, paramName, $"must be positive (got {value})");

    /// <summary>Throws unless <paramref name="value"/> is finite (not NaN or infinite).</summary>
    /// <param name="value">The value.</param>
    /// <param name="paramName">Filled in by the compiler.</param>
    /// <exception cref="TesseraArgumentException">The value is NaN or infinite.</exception>
    public static void Finite(double value, [CallerArgumentExpression(nameof(value))] string paramName = "")
        => That(double.IsFinite(value), paramName, $"must be finite (got {value})");

    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="value">The value.</param>
    /// <param name="min">Inclusive lower bound.</param>
    /// <param name="max">Inclusive upper bound.</param>
    /// <param name="paramName">Filled in by the compiler.</param>
    /// <exception cref="TesseraArgumentException">The value is outside the range or NaN.</exception>
    public static void InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string paramName = "")
        => That(value >= min && value <= max, paramName, $"must lie in [{min}, {max}] (got {value})");
}
