using System.Globalization;

namespace Tessera.Geometry;

/// <summary>A 3-D point or vector in double precision.</summary>
/// <param name="X">x coordinate.</param>
/// <param name="Y">y coordinate.</param>
/// <param name="Z">z coordinate.</param>
public readonly record struct Vec3(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static Vec3 Zero => default;

    /// <summary>Component-wise sum.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>a + b.</returns>
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Component-wise difference.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>a − b.</returns>
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Negation.</summary>
    /// <param name="a">Operand.</param>
    /// <returns>−a.</returns>
    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scaling.</summary>
    /// <param name="a">Vector.</param>
    /// <param name="s">Scale.</param>
    /// <returns>s·a.</returns>
    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Scaling.</summary>
    /// <param name="s">Scale.</param>
    /// <param name="a">Vector.</param>
    /// <returns>s·a.</returns>
    public static Vec3 operator *(double s, Vec3 a) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Division by a scalar.</summary>
    /// <param name="a">Vector.</param>
    /// <param name="s">Divisor.</param>
    /// <returns>a / s.</returns>
    public static Vec3 operator /(Vec3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    /// <summary>Named alternative to <c>+</c>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The sum.</returns>
    public static Vec3 Add(Vec3 left, Vec3 right) => left + right;

    /// <summary>Named alternative to <c>-</c>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The difference.</returns>
    public static Vec3 Subtract(Vec3 left, Vec3 right) => left - right;

    /// <summary>Named alternative to unary <c>-</c>.</summary>
    /// <param name="item">Operand.</param>
    /// <returns>The negation.</returns>
    public static Vec3 Negate(Vec3 item) => -item;

    /// <summary>Named alternative to <c>*</c>.</summary>
    /// <param name="left">Vector.</param>
    /// <param name="right">Scale.</param>
    /// <returns>The scaled vector.</returns>
    public static Vec3 Multiply(Vec3 left, double right) => left * right;

    /// <summary>Named alternative to <c>/</c>.</summary>
    /// <param name="left">Vector.</param>
    /// <param name="right">Divisor.</param>
    /// <returns>The scaled vector.</returns>
    public static Vec3 Divide(Vec3 left, double right) => left / right;

    /// <summary>Dot product.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>a·b.</returns>
    public static double Dot(Vec3 a, Vec3 b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    /// <summary>Cross product.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>a×b.</returns>
    public static Vec3 Cross(Vec3 a, Vec3 b)
        => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    /// <summary>Component-wise minimum.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The minimum.</returns>
    public static Vec3 Min(Vec3 a, Vec3 b) => new(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Min(a.Z, b.Z));

    /// <summary>Component-wise maximum.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>The maximum.</returns>
    public static Vec3 Max(Vec3 a, Vec3 b) => new(Math.Max(a.X, b.X), Math.Max(a.Y, b.Y), Math.Max(a.Z, b.Z));

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(LengthSquared);

    /// <summary>Squared Euclidean length.</summary>
    public double LengthSquared => (X * X) + (Y * Y) + (Z * Z);

    /// <summary>True when every component is finite.</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);

    /// <summary>The vector scaled to unit length (zero stays zero).</summary>
    /// <returns>The unit vector.</returns>
    public Vec3 Normalized()
    {
        var l = Length;
        return l > 0 ? this / l : this;
    }

    /// <summary>Component by index 0, 1, 2.</summary>
    /// <param name="axis">0 = x, 1 = y, 2 = z.</param>
    /// <returns>The component.</returns>
    public double this[int axis] => axis switch { 0 => X, 1 => Y, _ => Z };

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({X:R}, {Y:R}, {Z:R})");
}
