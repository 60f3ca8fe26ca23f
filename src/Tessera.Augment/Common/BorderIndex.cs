namespace Tessera.Augment.Common;

/// <summary>
/// Which source index a position outside a line of <c>n</c> elements reads, for the mirrored border modes (OpenCV's
/// <c>borderInterpolate</c>; repeated mirroring when the position lies more than one length outside).
/// </summary>
internal static class BorderIndex
{
    /// <summary>BORDER_REFLECT_101 (…2 1 | 0 1 2 … n−1 | n−2 …), reflecting until inside; length 1 maps everything to 0.</summary>
    public static int Reflect101(int p, int length)
    {
        if (length == 1)
        {
            return 0;
        }
        while ((uint)p >= (uint)length)
        {
            p = p < 0 ? -p : (2 * (length - 1)) - p;
        }
        return p;
    }

    /// <summary>BORDER_REFLECT, scipy's mode <c>reflect</c> (d c b a | a b c d | d c b a, repeated with period 2n).</summary>
    public static int Reflect(long p, int length)
    {
        var period = 2L * length;
        var m = ((p % period) + period) % period;
        return (int)(m < length ? m : period - 1 - m);
    }
}
