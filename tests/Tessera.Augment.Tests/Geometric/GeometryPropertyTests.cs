using CsCheck;
using Tessera.Augment.Crops;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Tests.Geometric;

/// <summary>Properties: involutions / cycles, and box / keypoint geometry agreeing with the moved mask pixels.</summary>
public class GeometryPropertyTests
{
    private static readonly Gen<(int H, int W, int X1, int Y1, int X2, int Y2, int Kx, int Ky)> Cases =
        from h in Gen.Int[8, 40]
        from w in Gen.Int[8, 40]
        from x1 in Gen.Int[0, w - 2]
        from x2 in Gen.Int[x1 + 1, w]
        from y1 in Gen.Int[0, h - 2]
        from y2 in Gen.Int[y1 + 1, h]
        from kx in Gen.Int[0, w - 1]
        from ky in Gen.Int[0, h - 1]
        select (h, w, x1, y1, x2, y2, kx, ky);

    public static TheoryData<string> Exact() => ["VerticalFlip", "HorizontalFlip", "Flip-1", "Transpose", "Rot90-1", "Rot90-2", "Rot90-3", "Crop", "CenterCrop", "RandomCrop", "Pad", "PadTopLeft"];

    private static (ITransform T, object P) Make(string name, int h, int w) => name switch
    {
        "VerticalFlip" => (new VerticalFlip(1), NoParams.Instance),
        "HorizontalFlip" => (new HorizontalFlip(1), NoParams.Instance),
        "Flip-1" => (new Flip(1), new FlipParams(-1)),
        "Transpose" => (new Transpose(1), NoParams.Instance),
        "Rot90-1" => (new RandomRotate90(1), new RandomRotate90Params(1)),
        "Rot90-2" => (new RandomRotate90(1), new RandomRotate90Params(2)),
        "Rot90-3" => (new RandomRotate90(1), new RandomRotate90Params(3)),
        "Crop" => (new Crop(1, 2, w - 1, h), NoParams.Instance),
        "CenterCrop" => (new CenterCrop(h - 3, w - 2), NoParams.Instance),
        "RandomCrop" => (new RandomCrop(h - 5, w - 4), new CropPositionParams(0.3, 0.8)),
        "Pad" => (new PadIfNeeded(h + 7, w + 4, borderMode: 0), new PadIfNeededParams()),
        _ => (new PadIfNeeded(h + 5, w + 6, position: "top_left", borderMode: 0), new PadIfNeededParams()),
    };

    [Theory]
    [MemberData(nameof(Exact))]
    public void BoxAndKeypoint_AfterTransform_AgreeWithMaskPixels(string name)
    {
        Cases.Sample(c =>
        {
            // Given a mask holding the box (value 1) and the keypoint pixel (value 2)
            var (t, p) = Make(name, c.H, c.W);
            var boxMask = Image.CreateGray(c.H, c.W, PixelType.UInt8);
            var kpMask = Image.CreateGray(c.H, c.W, PixelType.UInt8);
            for (var y = c.Y1; y < c.Y2; y++)
            {
                for (var x = c.X1; x < c.X2; x++)
                {
                    boxMask.Pixels<byte>()[(y * c.W) + x] = 1;
                }
            }
            kpMask.Pixels<byte>()[(c.Ky * c.W) + c.Kx] = 2;
            var shape = new ImageShape(c.H, c.W, 1);
            var box = new NormalizedBox(c.X1 / (double)c.W, c.Y1 / (double)c.H, c.X2 / (double)c.W, c.Y2 / (double)c.H);
            var kp = new Keypoint(c.Kx, c.Ky, 0, 1);

            // When the transform moves the masks, the box and the keypoint with the same params
            dynamic d = t;
            dynamic prm = p;
            Image movedBox = d.ApplyToMask(boxMask, prm);
            Image movedKp = d.ApplyToMask(kpMask, prm);
            NormalizedBox nb = d.ApplyToBox(box, prm, shape);
            Keypoint nk = d.ApplyToKeypoint(kp, prm, shape);

            // Then the box (clipped to the new image) is the extent of the moved box pixels, and the keypoint sits on its pixel
            var (bx1, by1, bx2, by2) = GeometricKernels.BoxFromMask(movedBox.Pixels<byte>(), movedBox.Height, movedBox.Width);
            var clipped = BoxProcessor.Filter([nb], new ImageShape(movedBox.Height, movedBox.Width, 1), new BboxParams());
            if (bx1 < 0)
            {
                Assert.Empty(clipped);
            }
            else
            {
                var b = BoxProcessor.FromInternal(Assert.Single(clipped), BoxFormat.PascalVoc, new ImageShape(movedBox.Height, movedBox.Width, 1));
                Assert.Equal([bx1, by1, bx2, by2], b.Select(v => Math.Round(v, 6)).ToArray());
            }
            var (kx1, ky1, _, _) = GeometricKernels.BoxFromMask(movedKp.Pixels<byte>(), movedKp.Height, movedKp.Width);
            if (kx1 >= 0)
            {
                Assert.Equal(kx1, nk.X, 6);
                Assert.Equal(ky1, nk.Y, 6);
            }
        }, iter: 60, seed: "0000000000001");
    }

    [Fact]
    public void Flips_AppliedTwice_AreIdentity()
    {
        Gen.Int[1, 30].Select(Gen.Int[1, 30], Gen.Int[1, 4]).Sample((h, w, c) =>
        {
            var img = c == 1 ? TestSamples.Rgb(h, w).Clone() : TestSamples.Rgb(h, w);
            foreach (ITransform t in new ITransform[] { new VerticalFlip(1), new HorizontalFlip(1), new Transpose(1) })
            {
                dynamic d = t;
                Image once = d.ApplyToImage(img, NoParams.Instance);
                Image twice = d.ApplyToImage(once, NoParams.Instance);
                Assert.True(twice.ContentEquals(img));
                Assert.False(ReferenceEquals(once, img));
            }
        }, iter: 40, seed: "0000000000002");
    }

    [Fact]
    public void Rot90_FourQuarterTurns_AreIdentity_AndBoxesCycle()
    {
        Gen.Int[1, 30].Select(Gen.Int[1, 30]).Sample((h, w) =>
        {
            var r = new RandomRotate90(1);
            var img = TestSamples.Rgb(h, w);
            var cur = img;
            var box = new NormalizedBox(0.1, 0.2, 0.5, 0.9);
            var b = box;
            for (var i = 0; i < 4; i++)
            {
                cur = r.ApplyToImage(cur, new RandomRotate90Params(1));
                b = r.ApplyToBox(b, new RandomRotate90Params(1), new ImageShape(cur.Height, cur.Width, 3));
            }
            Assert.True(cur.ContentEquals(img));
            Assert.Equal(box.XMin, b.XMin, 12);
            Assert.Equal(box.YMax, b.YMax, 12);
        }, iter: 30, seed: "0000000000003");
    }
}
