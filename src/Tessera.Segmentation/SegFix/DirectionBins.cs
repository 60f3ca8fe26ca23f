using Tessera.Core.Errors;

namespace Tessera.Segmentation.SegFix;

/// <summary>
/// SegFix's angle quantisation and its bin → offset tables (openseg.pytorch <c>offset_helper.py</c>:
/// <c>align_angle</c>, <c>align_angle_c4</c>, <c>label_to_vector_mapping</c>). Angles follow image axes: 0° = +column,
/// 90° = +row (down), ±180° = −column.
/// </summary>
public static class DirectionBins
{
    /// <summary>float32 <c>float32(180) / float32(pi)</c> as numpy's <c>degrees</c> uses it.</summary>
    internal const float DegreesPerRadian = 57.2957763671875f;

    private static readonly sbyte[][] Table4 = [[-1, -1], [-1, 1], [1, 1], [1, -1]];

    private static readonly sbyte[][] Table8 = [[0, -1], [-1, -1], [-1, 0], [-1, 1], [0, 1], [1, 1], [1, 0], [1, -1]];

    private static readonly sbyte[][] Table16 =
    [
        [0, -2], [-1, -2], [-2, -2], [-2, -1], [-2, 0], [-2, 1], [-2, 2], [-1, 2],
        [0, 2], [1, 2], [2, 2], [2, 1], [2, 0], [2, -1], [2, -2], [1, -2],
    ];

    /// <summary>The supported numbers of bins.</summary>
    public static IReadOnlyList<int> SupportedBinCounts { get; } = [4, 8, 16];

    /// <summary>
    /// <c>dir_deg = uint8(trunc((degrees(atan2(dy, dx)) + 180) / 2))</c>, every step in float32 as the reference does;
    /// the loader's angle is <c>2·dir_deg − 180</c>.
    /// </summary>
    /// <param name="dy">Row component of the response.</param>
    /// <param name="dx">Column component.</param>
    /// <returns>0..180 (0 and 180 both mean ±180°).</returns>
    /// <remarks>The arctangent is <see cref="Atan2Float32"/>, whose float32 quadrant reconstruction reproduces the
    /// reference's float32 <c>arctan2</c> on the truncation edges where a correctly rounded atan2f differs by one ulp.</remarks>
    public static byte DirectionDegrees(float dy, float dx)
    {
        var a = Atan2Float32(dy, dx);
        var deg = a * DegreesPerRadian;
        deg += 180f;
        deg /= 2f;
        return (byte)(int)deg;
    }

    /// <summary>
    /// float32 atan2 in the style of vectorised math libraries (numpy's SIMD <c>arctan2</c>): the arctangent of the
    /// reduced ratio min/max (accurate, rounded to float32), then the octant reconstruction in float32 arithmetic with
    /// float32 π/2 and π. Near ±180° this lands one ulp above a correctly rounded atan2f, as the reference does.
    /// </summary>
    /// <param name="y">Ordinate.</param>
    /// <param name="x">Abscissa.</param>
    /// <returns>Angle in radians, [−π, π] in float32.</returns>
    public static float Atan2Float32(float y, float x)
    {
        var ax = MathF.Abs(x);
        var ay = MathF.Abs(y);
        var swap = ay > ax;
        var r = swap ? ax / ay : (ax == 0f ? 0f : ay / ax);
        var a = (float)Math.Atan(r);
        if (swap) { a = 1.57079637f - a; }
        if (float.IsNegative(x)) { a = 3.14159274f - a; }
        return float.IsNegative(y) ? -a : a;
    }

    /// <summary>Direction bin of a stored <c>dir_deg</c> value.</summary>
    /// <param name="directionDegrees">0..180 (half-angle steps).</param>
    /// <param name="bins">4, 8 or 16.</param>
    /// <returns>The bin, 0..bins−1.</returns>
    /// <exception cref="TesseraArgumentException">Unsupported bin count or value above 180.</exception>
    /// <remarks>m = 8, 16: bin i covers (−180 + i·s − s/2, −180 + i·s + s/2] with s = 360/m (bin 0 wraps);
    /// m = 4: <c>min(dir_deg / 45, 3)</c> (quadrants closed below).</remarks>
    public static int FromDirectionDegrees(int directionDegrees, int bins)
    {
        RequireBins(bins);
        Guard.That(directionDegrees is >= 0 and <= 180, nameof(directionDegrees), $"must lie in [0, 180] (got {directionDegrees})");
        return BinUnchecked(directionDegrees, bins);
    }

    internal static int BinUnchecked(int directionDegrees, int bins)
    {
        if (bins == 4) { return Math.Min(directionDegrees / 45, 3); }
        var s = 360.0 / bins;
        var b = (int)Math.Ceiling(((2.0 * directionDegrees) - (s / 2)) / s);
        return ((b % bins) + bins) % bins;
    }

    /// <summary>The (row, column) step of a bin (<c>label_to_vector_mapping</c>).</summary>
    /// <param name="bin">0..bins−1.</param>
    /// <param name="bins">4, 8 or 16.</param>
    /// <returns>(dh, dw).</returns>
    /// <exception cref="TesseraArgumentException">Unsupported bin count or bin out of range.</exception>
    public static (int Dh, int Dw) Offset(int bin, int bins)
    {
        RequireBins(bins);
        Guard.That(bin >= 0 && bin < bins, nameof(bin), $"must lie in [0, {bins}) (got {bin})");
        var t = TableOf(bins)[bin];
        return (t[0], t[1]);
    }

    internal static sbyte[][] TableOf(int bins) => bins switch
    {
        4 => Table4,
        8 => Table8,
        _ => Table16,
    };

    internal static void RequireBins(int bins)
        => Guard.That(bins is 4 or 8 or 16, nameof(bins), $"must be 4, 8 or 16 (got {bins})");
}
