namespace Tessera.Augment;

/// <summary>Interpolation of a resampling transform; the values are OpenCV's (and albumentations' serialized ints).</summary>
public enum Interpolation
{
    /// <summary><c>cv2.INTER_NEAREST</c> (0).</summary>
    Nearest = 0,

    /// <summary><c>cv2.INTER_LINEAR</c> (1).</summary>
    Linear = 1,

    /// <summary><c>cv2.INTER_CUBIC</c> (2).</summary>
    Cubic = 2,

    /// <summary><c>cv2.INTER_AREA</c> (3).</summary>
    Area = 3,

    /// <summary><c>cv2.INTER_LANCZOS4</c> (4).</summary>
    Lanczos4 = 4,
}
