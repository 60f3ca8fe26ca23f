namespace Tessera.Geometry;

/// <summary>A 2-D point or vector in double precision (polygons, curves, texture coordinates).</summary>
/// <param name="X">x (or u) coordinate.</param>
/// <param name="Y">y (or v) coordinate.</param>
public readonly record struct Vec2(double X, double Y)
{
    /// <summary>Component-wise sum.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>a + b.</returns>
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);

    /// <summary>Component-wise difference.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>a − b.</returns>
    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

    /// <summary>Scaling.</summary>
    /// <param name="a">Vector.</param>
    /// <param name="s">Scale.</param>
    /// <returns>s·a.</returns>
    public static Vec2 operator *(Vec2 a, double s) => new(a.X * s, a.Y * s);

    /// <summary>Scaling.</summary>
    /// <param name="s">Scale.</param>
    /// <param name="a">Vector.</param>
    /// <returns>s·a.</returns>
    public static Vec2 operator *(double s, Vec2 a) => new(a.X * s, a.Y * s);

    /// <summary>Named alternative to <c>+</c>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The sum.</returns>
    public static Vec2 Add(Vec2 left, Vec2 right) => left + right;

    /// <summary>Named alternative to <c>-</c>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The difference.</returns>
    public static Vec2 Subtract(Vec2 left, Vec2 right) => left - right;

    /// <summary>Named alternative to <c>*</c>.</summary>
    /// <param name="left">Vector.</param>
    /// <param name="right">Scale.</param>
    /// <returns>The scaled vector.</returns>
    public static Vec2 Multiply(Vec2 left, double right) => left * right;

    /// <summary>z component of the cross product (twice the signed area of the triangle 0, a, b).</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <returns>a.x·b.y − a.y·b.x.</returns>
    public static double Cross(Vec2 a, Vec2 b) => (a.X * b.Y) - (a.Y * b.X);

    /// <summary>True when both components are finite.</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y);
}
