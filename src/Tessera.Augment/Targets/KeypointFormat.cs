using Tessera.Core.Errors;

namespace Tessera.Augment.Targets;

/// <summary>The albumentations keypoint formats (x column, y row, a angle, s scale).</summary>
public enum KeypointFormat
{
    /// <summary><c>xy</c>.</summary>
    Xy,

    /// <summary><c>yx</c>.</summary>
    Yx,

    /// <summary><c>xya</c>.</summary>
    Xya,

    /// <summary><c>xys</c>.</summary>
    Xys,

    /// <summary><c>xyas</c>.</summary>
    Xyas,

    /// <summary><c>xysa</c>.</summary>
    Xysa,
}

/// <summary>Names and arities of <see cref="KeypointFormat"/> values.</summary>
public static class KeypointFormatNames
{
    /// <summary>The albumentations name.</summary>
    /// <param name="format">The format.</param>
    /// <returns>e.g. <c>xyas</c>.</returns>
    public static string ToName(this KeypointFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>Number of numbers per keypoint.</summary>
    /// <param name="format">The format.</param>
    /// <returns>2, 3 or 4.</returns>
    public static int Arity(this KeypointFormat format) => format switch
    {
        KeypointFormat.Xy or KeypointFormat.Yx => 2,
        KeypointFormat.Xya or KeypointFormat.Xys => 3,
        _ => 4,
    };

    /// <summary>Parses an albumentations format name.</summary>
    /// <param name="name">e.g. <c>xy</c>.</param>
    /// <returns>The format.</returns>
    /// <exception cref="TesseraArgumentException">Unknown name.</exception>
    public static KeypointFormat Parse(string name) => name switch
    {
        "xy" => KeypointFormat.Xy,
        "yx" => KeypointFormat.Yx,
        "xya" => KeypointFormat.Xya,
        "xys" => KeypointFormat.Xys,
        "xyas" => KeypointFormat.Xyas,
        "xysa" => KeypointFormat.Xysa,
        _ => throw new TesseraArgumentException("format", $"unknown keypoint format '{name}'; supported: xy, yx, xya, xys, xyas, xysa"),
    };
}
