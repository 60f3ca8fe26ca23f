using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Imaging;
using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.Tests.Labels;

public class LabelMapFileFormatsTests
{
    [Fact]
    public void Read_SixteenBitPng_GivesTheValuesAsLabels()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-l16-{Guid.NewGuid():N}.png");
        try
        {
            ImageFile.Write(path, Image.FromPixels<ushort>([0, 1, 19, 255, 7, 3], 2, 3, 1, keep2D: true));
            var map = LabelMapFile.Read(path);
            Assert.Equal([0, 1, 19, 255, 7, 3], map.Labels.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_SixteenBitLabelAbove255_NamesPixelAndLimit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-l16-{Guid.NewGuid():N}.png");
        try
        {
            ImageFile.Write(path, Image.FromPixels<ushort>([0, 1, 19, 256, 7, 3], 2, 3, 1, keep2D: true));
            var e = Assert.Throws<TesseraFormatException>(() => LabelMapFile.Read(path));
            Assert.Contains("row 1, col 0", e.Message, StringComparison.Ordinal);
            Assert.Contains("16-bit label 256 is above 255", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
