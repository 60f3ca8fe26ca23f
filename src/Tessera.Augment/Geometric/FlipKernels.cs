using Tessera.Augment.Targets;

namespace Tessera.Augment.Geometric;

/// <summary>Box and keypoint geometry of flips, transposes and quarter turns (albumentations 1.3.1 <c>geometric/functional.py</c>).</summary>
internal static class FlipKernels
{
    public static NormalizedBox VFlip(NormalizedBox b) => b with { YMin = 1 - b.YMax, YMax = 1 - b.YMin };

    public static NormalizedBox HFlip(NormalizedBox b) => b with { XMin = 1 - b.XMax, XMax = 1 - b.XMin };

    public static NormalizedBox Transpose(NormalizedBox b) => b with { XMin = b.YMin, YMin = b.XMin, XMax = b.YMax, YMax = b.XMax };

    public static NormalizedBox Rot90(NormalizedBox b, int factor) => (((factor % 4) + 4) % 4) switch
    {
        1 => b with { XMin = b.YMin, YMin = 1 - b.XMax, XMax = b.YMax, YMax = 1 - b.XMin },
        2 => b with { XMin = 1 - b.XMax, YMin = 1 - b.YMax, XMax = 1 - b.XMin, YMax = 1 - b.YMin },
        3 => b with { XMin = 1 - b.YMax, YMin = b.XMin, XMax = 1 - b.YMin, YMax = b.XMax },
        _ => b,
    };

    public static Keypoint VFlip(Keypoint k, ImageShape s) => k with { Y = (s.Height - 1) - k.Y, Angle = -k.Angle };

    public static Keypoint HFlip(Keypoint k, ImageShape s) => k with { X = (s.Width - 1) - k.X, Angle = Math.PI - k.Angle };

    public static Keypoint Transpose(Keypoint k)
        => k with { X = k.Y, Y = k.X, Angle = k.Angle <= Math.PI ? Math.PI - k.Angle : (3 * Math.PI) - k.Angle };

    public static Keypoint Rot90(Keypoint k, int factor, ImageShape s) => (((factor % 4) + 4) % 4) switch
    {
        1 => k with { X = k.Y, Y = (s.Width - 1) - k.X, Angle = k.Angle - (Math.PI / 2) },
        2 => k with { X = (s.Width - 1) - k.X, Y = (s.Height - 1) - k.Y, Angle = k.Angle - Math.PI },
        3 => k with { X = (s.Height - 1) - k.Y, Y = k.X, Angle = k.Angle + (Math.PI / 2) },
        _ => k,
    };
}
