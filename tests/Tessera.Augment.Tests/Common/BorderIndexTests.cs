using OpenCvSharp;
using Tessera.Augment.Common;

namespace Tessera.Augment.Tests.Common;

/// <summary>The mirrored border indices against OpenCV's <c>borderInterpolate</c>, far outside the line included.</summary>
public class BorderIndexTests
{
    [Theory]
    [InlineData(0, 5, 0)]
    [InlineData(-1, 5, 1)]
    [InlineData(-7, 5, 1)]
    [InlineData(5, 5, 3)]
    [InlineData(6, 5, 2)]
    [InlineData(9, 5, 1)]
    [InlineData(9, 3, 1)]
    [InlineData(-3, 2, 1)]
    [InlineData(4, 2, 0)]
    [InlineData(-3, 1, 0)]
    [InlineData(4, 1, 0)]
    public void Reflect101_MatchesOpenCvBorderInterpolate(int p, int length, int expected)
    {
        Assert.Equal(expected, BorderIndex.Reflect101(p, length));
        Assert.Equal(expected, Cv2.BorderInterpolate(p, length, BorderTypes.Reflect101));
    }

    [Theory]
    [InlineData(0, 3, 0)]
    [InlineData(-1, 3, 0)]
    [InlineData(-2, 3, 1)]
    [InlineData(3, 3, 2)]
    [InlineData(5, 3, 0)]
    [InlineData(6, 3, 0)]
    [InlineData(-7, 3, 0)]
    [InlineData(-5, 3, 1)]
    [InlineData(4, 1, 0)]
    public void Reflect_MatchesOpenCvBorderInterpolate(int p, int length, int expected)
    {
        Assert.Equal(expected, BorderIndex.Reflect(p, length));
        Assert.Equal(expected, Cv2.BorderInterpolate(p, length, BorderTypes.Reflect));
    }
}
