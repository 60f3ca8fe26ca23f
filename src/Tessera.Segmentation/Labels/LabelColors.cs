using Tessera.Core.Imaging;

namespace Tessera.Segmentation.Labels;

/// <summary>Colour pictures of label maps (Cityscapes palette for train ids 0..18, black for other labels).</summary>
public static class LabelColors
{
    private static readonly byte[][] Palette =
    [
        [128, 64, 128], [244, 35, 232], [70, 70, 70], [102, 102, 156], [190, 153, 153], [153, 153, 153], [250, 170, 30],
        [220, 220, 0], [107, 142, 35], [152, 251, 152], [70, 130, 180], [220, 20, 60], [255, 0, 0], [0, 0, 142],
        [0, 0, 70], [0, 60, 100], [0, 80, 100], [0, 0, 230], [119, 11, 32],
    ];

    /// <summary>RGB colour of a label.</summary>
    /// <param name="label">The label.</param>
    /// <returns>(r, g, b).</returns>
    public static (byte R, byte G, byte B) Of(int label)
        => label >= 0 && label < Palette.Length ? (Palette[label][0], Palette[label][1], Palette[label][2]) : ((byte)0, (byte)0, (byte)0);

    /// <summary>Colours a label map.</summary>
    /// <param name="map">The map.</param>
    /// <returns>A new RGB uint8 image.</returns>
    public static Image Colorize(LabelMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var img = Image.Create(map.Height, map.Width, 3, PixelType.UInt8);
        var p = img.Pixels<byte>();
        var l = map.Labels;
        for (var i = 0; i < l.Length; i++)
        {
            var (r, g, b) = Of(l[i]);
            p[3 * i] = r;
            p[(3 * i) + 1] = g;
            p[(3 * i) + 2] = b;
        }
        return img;
    }

    /// <summary>
    /// Highlights the effect of a refinement: gray where both maps agree with the ground truth, green where the
    /// refinement fixed a pixel, red where it broke one, orange where both are wrong.
    /// </summary>
    /// <param name="groundTruth">Ground truth.</param>
    /// <param name="before">Prediction before refinement.</param>
    /// <param name="after">Prediction after refinement.</param>
    /// <param name="ignoreLabel">Ground-truth pixels with this label are black.</param>
    /// <returns>A new RGB image.</returns>
    public static Image FixMap(LabelMap groundTruth, LabelMap before, LabelMap after, int ignoreLabel = 255)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        groundTruth.RequireSameSize(before, nameof(before));
        groundTruth.RequireSameSize(after, nameof(after));
        var img = Image.Create(groundTruth.Height, groundTruth.Width, 3, PixelType.UInt8);
        var p = img.Pixels<byte>();
        for (var i = 0; i < groundTruth.Labels.Length; i++)
        {
            var g = groundTruth.Labels[i];
            var okB = before.Labels[i] == g;
            var okA = after.Labels[i] == g;
            (byte r, byte gg, byte b) c = g == ignoreLabel ? ((byte)0, (byte)0, (byte)0)
                : okB && okA ? ((byte)200, (byte)200, (byte)200)
                : !okB && okA ? ((byte)0, (byte)170, (byte)0)
                : okB ? ((byte)220, (byte)0, (byte)0)
                : ((byte)255, (byte)150, (byte)0);
            p[3 * i] = c.r;
            p[(3 * i) + 1] = c.gg;
            p[(3 * i) + 2] = c.b;
        }
        return img;
    }
}
