using System.Globalization;

namespace Tessera.Augment;

/// <summary>
/// An integer range argument written as albumentations writes it: a <c>(low, high)</c> pair, or a single number
/// read as albumentations 1.3.1's <c>to_tuple</c> reads it for that argument (<c>blur_limit=7</c> is (3, 7),
/// <c>n_segments=100</c> is (100, 100), …). Each transform's constructor documents which reading applies.
/// </summary>
public readonly struct IntLimit : IEquatable<IntLimit>
{
    private IntLimit(int low, int high, bool isScalar)
    {
        Low = low;
        High = high;
        IsScalar = isScalar;
    }

    /// <summary>The first value of a pair, or the number itself when <see cref="IsScalar"/>.</summary>
    public int Low { get; }

    /// <summary>The second value of a pair, or the number itself when <see cref="IsScalar"/>.</summary>
    public int High { get; }

    /// <summary>Whether the argument was a single number (its meaning is resolved by the transform).</summary>
    public bool IsScalar { get; }

    /// <summary>A single number; the transform gives it its albumentations meaning.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator IntLimit(int value) => new(value, value, true);

    /// <summary>An explicit <c>(low, high)</c> pair, taken as written.</summary>
    /// <param name="range">The pair.</param>
    public static implicit operator IntLimit((int Low, int High) range) => new(range.Low, range.High, false);

    /// <summary>A single number (see the implicit conversion).</summary>
    /// <param name="value">The number.</param>
    /// <returns>The limit.</returns>
    public static IntLimit FromInt32(int value) => value;

    /// <summary>A pair (see the implicit conversion).</summary>
    /// <param name="range">The pair.</param>
    /// <returns>The limit.</returns>
    public static IntLimit FromValueTuple((int Low, int High) range) => range;

    /// <summary>albumentations <c>to_tuple(x, low)</c>: a number <c>x</c> means the ordered pair of <paramref name="low"/> and <c>x</c>.</summary>
    /// <param name="low">The other end of the range for a single number.</param>
    /// <returns>The resolved range.</returns>
    public (int Low, int High) From(int low) => IsScalar ? (Math.Min(low, Low), Math.Max(low, Low)) : (Low, High);

    /// <summary>albumentations <c>to_tuple(x, x)</c>: a number <c>x</c> means the fixed value <c>(x, x)</c>.</summary>
    /// <returns>The resolved range.</returns>
    public (int Low, int High) Exact() => (Low, High);

    /// <inheritdoc />
    public bool Equals(IntLimit other) => Low == other.Low && High == other.High && IsScalar == other.IsScalar;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IntLimit other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Low, High, IsScalar);

    /// <inheritdoc />
    public override string ToString()
        => IsScalar ? Low.ToString(CultureInfo.InvariantCulture) : $"({Low.ToString(CultureInfo.InvariantCulture)}, {High.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether equal.</returns>
    public static bool operator ==(IntLimit left, IntLimit right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether different.</returns>
    public static bool operator !=(IntLimit left, IntLimit right) => !left.Equals(right);
}
