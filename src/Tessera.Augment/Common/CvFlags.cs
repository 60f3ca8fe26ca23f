using Tessera.Augment.Serialization;
using Tessera.Core.Errors;

namespace Tessera.Augment.Common;

/// <summary>Validation of the OpenCV constants albumentations passes through.</summary>
internal static class CvFlags
{
    public static Interpolation CheckInterpolation(Interpolation value, string param)
    {
        Guard.That(Enum.IsDefined(value), param, $"must be an OpenCV interpolation flag 0–4 (NEAREST, LINEAR, CUBIC, AREA, LANCZOS4) (got {(int)value})");
        return value;
    }

    public static BorderMode CheckBorder(BorderMode value, string param)
    {
        Guard.That(Enum.IsDefined(value), param, $"must be an OpenCV border mode 0–4 (CONSTANT, REPLICATE, REFLECT, WRAP, REFLECT_101) (got {(int)value})");
        return value;
    }

    public static Interpolation Interp(this ArgReader a, string key = "interpolation", int defaultValue = 1)
        => CheckInterpolation((Interpolation)a.Int(key, defaultValue), a.Param(key));

    public static BorderMode BorderMode(this ArgReader a, string key = "border_mode", int defaultValue = 4)
        => CheckBorder((Augment.BorderMode)a.Int(key, defaultValue), a.Param(key));
}
