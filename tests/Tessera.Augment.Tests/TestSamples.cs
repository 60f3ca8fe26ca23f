using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Tests;

/// <summary>Small hand-made samples for unit and property tests.</summary>
internal static class TestSamples
{
    public static Image Rgb(int h, int w, ulong seed = 1)
    {
        var img = Image.Create(h, w, 3, PixelType.UInt8);
        var rng = new SeededRandom(seed);
        var p = img.Pixels<byte>();
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (byte)rng.NextInt(0, 256);
        }
        return img;
    }

    public static Image Mask(int h, int w)
    {
        var m = Image.CreateGray(h, w, PixelType.UInt8);
        var p = m.Pixels<byte>();
        for (var y = h / 4; y < h / 2; y++)
        {
            for (var x = w / 4; x < w / 2; x++)
            {
                p[(y * w) + x] = 3;
            }
        }
        for (var y = (2 * h) / 3; y < h - 2; y++)
        {
            for (var x = (2 * w) / 3; x < w - 3; x++)
            {
                p[(y * w) + x] = 4;
            }
        }
        return m;
    }

    /// <summary>A 48×64 sample with a mask, three pascal_voc boxes and three xyas keypoints, all labelled.</summary>
    public static Sample Full(bool boxes = true, bool keypoints = true) => new()
    {
        Image = Rgb(48, 64),
        Mask = Mask(48, 64),
        Bboxes = boxes ? [[16, 12, 32, 24], [42, 32, 61, 46], [0, 0, 10, 8.5]] : [],
        Keypoints = keypoints ? [[20, 15, 30, 1], [0, 0, 0, 2], [63, 47, 90, 0.5]] : [],
        Labels = new Dictionary<string, IReadOnlyList<object>>
        {
            ["box_labels"] = boxes ? [3L, 4L, 5L] : [],
            ["kp_labels"] = keypoints ? [0L, 1L, 2L] : [],
        },
    };

    public static BboxParams Boxes => new() { Format = BoxFormat.PascalVoc, LabelFields = ["box_labels"] };

    public static KeypointParams Keypoints => new() { Format = KeypointFormat.Xyas, LabelFields = ["kp_labels"], RemoveInvisible = false };

    public static bool Same(Sample a, Sample b)
        => a.Image.ContentEquals(b.Image)
           && (a.Mask is null ? b.Mask is null : b.Mask is not null && a.Mask.ContentEquals(b.Mask))
           && a.Bboxes.Count == b.Bboxes.Count && a.Bboxes.Zip(b.Bboxes).All(p => p.First.SequenceEqual(p.Second))
           && a.Keypoints.Count == b.Keypoints.Count && a.Keypoints.Zip(b.Keypoints).All(p => p.First.SequenceEqual(p.Second));
}
