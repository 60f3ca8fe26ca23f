using System.Globalization;
using Tessera.Core.Errors;

namespace Tessera.Augment;

/// <summary>
/// A range argument written as albumentations writes it: a <c>(low, high)</c> pair, or a single number whose
/// meaning depends on the argument, exactly as albumentations 1.3.1's <c>to_tuple</c> reads it there
/// (<c>rotate_limit=30</c> is ±30, <c>blur_limit=7</c> is (3, 7), <c>step_factor=0.02</c> is (0.02, 0.02), …).
/// Each transform's constructor documents which reading applies to its arguments.
/// </summary>
public readonly struct Limit : IEquatable<Limit>
{
    private Limit(double low, double high, bool isScalar)
    {
        Low = low;
        High = high;
        IsScalar = isScalar;
    }

    /// <summary>The first value of a pair, or the number itself when <see cref="IsScalar"/>.</summary>
    public double Low { get; }

    /// <summary>The second value of a pair, or the number itself when <see cref="IsScalar"/>.</summary>
    public double High { get; }

    /// <summary>Whether the argument was a single number (its meaning is resolved by the transform).</summary>
    public bool IsScalar { get; }

    /// <summary>A single number; the transform gives it its albumentations meaning.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator Limit(double value) => new(value, value, true);

    /// <summary>An explicit <c>(low, high)</c> pair, taken as written.</summary>
    /// <param name="range">The pair.</param>
    public static implicit operator Limit((double Low, double High) range) => new(range.Low, range.High, false);

    /// <summary>An explicit <c>(low, high)</c> pair of integers, taken as written.</summary>
    /// <param name="range">The pair.</param>
    public static implicit operator Limit((int Low, int High) range) => new(range.Low, range.High, false);

    /// <summary>A single number (see the implicit conversion).</summary>
    /// <param name="value">The number.</param>
    /// <returns>The limit.</returns>
    public static Limit FromDouble(double value) => value;

    /// <summary>A pair (see the implicit conversion).</summary>
    /// <param name="range">The pair.</param>
    /// <returns>The limit.</returns>
    public static Limit FromValueTuple((double Low, double High) range) => range;

    /// <summary>albumentations <c>to_tuple(x)</c>: a number <c>x</c> means <c>(−x, x)</c>; then <paramref name="bias"/> is added to both ends.</summary>
    /// <param name="bias">Offset added to both ends (1 for <c>scale_limit</c>).</param>
    /// <returns>The resolved range.</returns>
    public (double Low, double High) Symmetric(double bias = 0) => IsScalar ? (-Low + bias, Low + bias) : (Low + bias, High + bias);

    /// <summary>albumentations <c>to_tuple(x, low)</c>: a number <c>x</c> means the ordered pair of <paramref name="low"/> and <c>x</c>.</summary>
    /// <param name="low">The other end of the range for a single number.</param>
    /// <returns>The resolved range.</returns>
    public (double Low, double High) From(double low) => IsScalar ? (Math.Min(low, Low), Math.Max(low, Low)) : (Low, High);

    /// <summary>albumentations <c>to_tuple(x, x)</c>: a number <c>x</c> means the fixed value <c>(x, x)</c>.</summary>
    /// <returns>The resolved range.</returns>
    public (double Low, double High) Exact() => (Low, High);

    /// <summary>Throws when either end is not finite.</summary>
    /// <param name="param">Argument name for the error.</param>
    /// <returns>This limit.</returns>
    internal Limit Finite(string param)
    {
        Guard.That(double.IsFinite(Low) && double.IsFinite(High), param, $"must be finite (got {this})");
        return this;
    }

    /// <inheritdoc />
    public bool Equals(Limit other) => Low.Equals(other.Low) && High.Equals(other.High) && IsScalar == other.IsScalar;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Limit other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Low, High, IsScalar);

    /// <inheritdoc />
    public override string ToString()
        => IsScalar ? Low.ToString(CultureInfo.InvariantCulture) : $"({Low.ToString(CultureInfo.InvariantCulture)}, {High.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether equal.</returns>
    public static bool operator ==(Limit left, Limit right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether different.</returns>
    public static bool operator !=(Limit left, Limit right) => !left.Equals(right);
}
