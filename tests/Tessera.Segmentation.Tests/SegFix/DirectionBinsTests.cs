using Tessera.Core.Errors;
using Tessera.Segmentation.SegFix;

namespace Tessera.Segmentation.Tests.SegFix;

public sealed class DirectionBinsTests
{
    [Theory]
    [InlineData(0, 8, 0)]     // -180 deg: left
    [InlineData(180, 8, 0)]   // +180 deg: left
    [InlineData(90, 8, 4)]    // 0 deg: right
    [InlineData(45, 8, 2)]    // -90 deg: up
    [InlineData(135, 8, 6)]   // +90 deg: down
    [InlineData(11, 8, 0)]    // -158 deg is still bin 0 (<= -157.5)
    [InlineData(12, 8, 1)]    // -156 deg
    [InlineData(44, 4, 0)]
    [InlineData(45, 4, 1)]
    [InlineData(180, 4, 3)]
    [InlineData(90, 16, 8)]
    [InlineData(6, 16, 1)]    // -168 > -168.75
    [InlineData(5, 16, 0)]
    public void FromDirectionDegrees_KnownAngles_GiveReferenceBins(int dirDeg, int bins, int expected)
        => Assert.Equal(expected, DirectionBins.FromDirectionDegrees(dirDeg, bins));

    [Fact]
    public void Offset_EightBins_PointsAlongTheBinAngle()
    {
        for (var b = 0; b < 8; b++)
        {
            var angle = (-180 + (45 * b)) * Math.PI / 180;
            var (dh, dw) = DirectionBins.Offset(b, 8);
            Assert.Equal(Math.Round(Math.Sin(angle)), dh);
            Assert.Equal(Math.Round(Math.Cos(angle)), dw);
        }
    }

    [Fact]
    public void DirectionDegrees_AxisDirections_MapToDocumentedSteps()
    {
        Assert.Equal(90, DirectionBins.DirectionDegrees(0f, 1f));     // right
        Assert.Equal(135, DirectionBins.DirectionDegrees(1f, 0f));    // down
        Assert.Equal(45, DirectionBins.DirectionDegrees(-1f, 0f));    // up
        Assert.Equal(180, DirectionBins.DirectionDegrees(0f, -1f));   // left
    }

    [Fact]
    public void Atan2Float32_RandomInputs_WithinTwoUlpOfDoubleAtan2()
    {
        var rng = new Tessera.Core.Random.SeededRandom(5);
        for (var i = 0; i < 10000; i++)
        {
            var y = (float)rng.Uniform(-100, 100);
            var x = (float)rng.Uniform(-100, 100);
            var a = DirectionBins.Atan2Float32(y, x);
            var e = (float)Math.Atan2(y, x);
            var ulp = MathF.BitIncrement(MathF.Abs(e)) - MathF.Abs(e);
            Assert.True(Math.Abs(a - e) <= 2 * ulp, $"{y},{x}: {a} vs {e}");
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(3)]
    public void FromDirectionDegrees_BadBins_ThrowsNamingBins(int bins)
        => Assert.Equal("bins", Assert.Throws<TesseraArgumentException>(() => DirectionBins.FromDirectionDegrees(0, bins)).ParamName);

    [Fact]
    public void Kernel_Size5_MatchesDocumentedTaps()
    {
        var (ky, kx) = DirectionFilter.Kernel(5);
        Assert.Equal(-0.25f, ky[0]);
        Assert.Equal(-1f, ky[(1 * 5) + 2]);
        Assert.Equal(0f, ky[12]);
        Assert.Equal(0.4f, kx[(1 * 5) + 4]);
        Assert.Equal(1f, kx[(2 * 5) + 3]);
        Assert.Equal("kernelSize", Assert.Throws<TesseraArgumentException>(() => DirectionFilter.Kernel(4)).ParamName);
    }
}
