namespace Tessera.Augment;

/// <summary>How pixels outside the image are filled; the values are OpenCV's (and albumentations' serialized ints).</summary>
public enum BorderMode
{
    /// <summary><c>cv2.BORDER_CONSTANT</c> (0): the fill value.</summary>
    Constant = 0,

    /// <summary><c>cv2.BORDER_REPLICATE</c> (1): the edge pixel repeated.</summary>
    Replicate = 1,

    /// <summary><c>cv2.BORDER_REFLECT</c> (2): mirrored, edge pixel included.</summary>
    Reflect = 2,

    /// <summary><c>cv2.BORDER_WRAP</c> (3): the opposite edge.</summary>
    Wrap = 3,

    /// <summary><c>cv2.BORDER_REFLECT_101</c> (4): mirrored, edge pixel not repeated.</summary>
    Reflect101 = 4,
}
