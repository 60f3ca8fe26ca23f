using Tessera.Augment.Geometric;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;

namespace Tessera.Augment.Tests.Geometric;

public class RotateTests
{
    [Fact]
    public void LargestRotatedRect_20Degrees_MatchesFixtureWindow()
    {
        // Rotate_20_crop_border records x_min 11, x_max 245, y_min 36, y_max 144 for a 181×257 image
        Assert.Equal((11, 245, 36, 144), Rotate.LargestRotatedRect(181, 257, 20));
    }

    [Fact]
    public void ApplyToKeypoint_QuarterTurn_RotatesAboutPixelCentre()
    {
        // 90° counter-clockwise about ((W-1)/2, (H-1)/2) = (2, 2) on a 5×5 image: (4, 2) → (2, 0)
        var k = new Rotate((90, 90), p: 1).ApplyToKeypoint(new Keypoint(4, 2, 0, 1), new RotateParams(90), new ImageShape(5, 5, 3));
        Assert.Equal(2, k.X, 9);
        Assert.Equal(0, k.Y, 9);
        Assert.Equal(Math.PI / 2, k.Angle, 9);
    }

    [Fact]
    public void Create_BadRotateMethod_ThrowsNamingIt()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new Rotate(rotateMethod: "circle"));
        Assert.Equal("rotateMethod", e.ParamName);
    }

    [Fact]
    public void Create_BadProbability_ThrowsNamingP()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new HorizontalFlip(1.5));
        Assert.Equal("p", e.ParamName);
    }
}
