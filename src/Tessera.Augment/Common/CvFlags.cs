using Tessera.Augment.Serialization;
using Tessera.Core.Errors;

namespace Tessera.Augment.Common;

/// <summary>Validation of the OpenCV constants albumentations passes through.</summary>
internal static class CvFlags
{
    public static int Interpolation(int value, string param)
    {
        Guard.That(value is >= 0 and <= 4, param, $"must be an OpenCV interpolation flag 0–4 (NEAREST, LINEAR, CUBIC, AREA, LANCZOS4) (got {value})");
        return value;
    }

    public static int Border(int value, string param)
    {
        Guard.That(value is >= 0 and <= 4, param, $"must be an OpenCV border mode 0–4 (CONSTANT, REPLICATE, REFLECT, WRAP, REFLECT_101) (got {value})");
        return value;
    }

    public static int Interp(this ArgReader a, string key = "interpolation", int defaultValue = 1) => Interpolation(a.Int(key, defaultValue), a.Param(key));

    public static int BorderMode(this ArgReader a, string key = "border_mode", int defaultValue = 4) => Border(a.Int(key, defaultValue), a.Param(key));
}
