using Tessera.Core.Errors;

namespace Tessera.Augment.Targets;

/// <summary>Converts keypoints between the user's format and the internal one (x, y, angle in radians, scale) and filters them (albumentations <c>keypoints_utils</c>).</summary>
internal static class KeypointProcessor
{
    public static Keypoint ToInternal(double[] kp, KeypointParams p, ImageShape shape, int tag)
    {
        var arity = p.Format.Arity();
        Guard.That(kp is not null && kp.Length >= arity, "keypoints", $"keypoint {tag} must have {arity} values for format {p.Format.ToName()}");
        for (var i = 0; i < arity; i++)
        {
            Guard.That(double.IsFinite(kp[i]), "keypoints", $"keypoint {tag} has a non-finite value");
        }
        double x, y, a = 0, s = 0;
        switch (p.Format)
        {
            case KeypointFormat.Xy: (x, y) = (kp[0], kp[1]); break;
            case KeypointFormat.Yx: (y, x) = (kp[0], kp[1]); break;
            case KeypointFormat.Xya: (x, y, a) = (kp[0], kp[1], kp[2]); break;
            case KeypointFormat.Xys: (x, y, s) = (kp[0], kp[1], kp[2]); break;
            case KeypointFormat.Xyas: (x, y, a, s) = (kp[0], kp[1], kp[2], kp[3]); break;
            default: (x, y, s, a) = (kp[0], kp[1], kp[2], kp[3]); break;
        }
        if (p.AngleInDegrees)
        {
            a = a * Math.PI / 180.0;
        }
        var k = new Keypoint(x, y, AngleTo2Pi(a), s, tag);
        if (p.RemoveInvisible)
        {
            Guard.That(x >= 0 && x < shape.Width, "keypoints", $"keypoint {tag}: x {x} must lie in [0, {shape.Width})");
            Guard.That(y >= 0 && y < shape.Height, "keypoints", $"keypoint {tag}: y {y} must lie in [0, {shape.Height})");
        }
        return k;
    }

    public static double[] FromInternal(Keypoint k, KeypointParams p)
    {
        var a = AngleTo2Pi(k.Angle);
        if (p.AngleInDegrees)
        {
            a = a * 180.0 / Math.PI;
        }
        return p.Format switch
        {
            KeypointFormat.Xy => [k.X, k.Y],
            KeypointFormat.Yx => [k.Y, k.X],
            KeypointFormat.Xya => [k.X, k.Y, a],
            KeypointFormat.Xys => [k.X, k.Y, k.Scale],
            KeypointFormat.Xyas => [k.X, k.Y, a, k.Scale],
            _ => [k.X, k.Y, k.Scale, a],
        };
    }

    public static List<Keypoint> Filter(IReadOnlyList<Keypoint> keypoints, ImageShape shape, KeypointParams p)
    {
        if (!p.RemoveInvisible)
        {
            return [.. keypoints];
        }
        return keypoints.Where(k => k.X >= 0 && k.X < shape.Width && k.Y >= 0 && k.Y < shape.Height).ToList();
    }

    /// <summary>Python's <c>angle % (2π)</c> (result has the divisor's sign).</summary>
    public static double AngleTo2Pi(double angle)
    {
        const double TwoPi = 2 * Math.PI;
        var r = angle % TwoPi;
        if (r != 0 && r < 0)
        {
            r += TwoPi;
        }
        return r;
    }
}
