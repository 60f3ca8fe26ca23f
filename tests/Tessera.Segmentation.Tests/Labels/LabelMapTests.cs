using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.Tests.Labels;

public sealed class LabelMapTests
{
    [Fact]
    public void FromLabels_CopiesInput()
    {
        var px = new byte[] { 1, 2, 3, 4 };
        var m = LabelMap.FromLabels(px, 2, 2);
        px[0] = 9;
        Assert.Equal(1, m[0, 0]);
    }

    [Fact]
    public void FromLabels_WrongCount_ThrowsNamingLabels()
        => Assert.Equal("labels", Assert.Throws<TesseraArgumentException>(() => LabelMap.FromLabels(new byte[3], 2, 2)).ParamName);

    [Fact]
    public void File_RoundTrip_AndUnreadableFileIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("seg-test-");
        try
        {
            var path = Path.Combine(dir.FullName, "m.png");
            var m = LabelMap.FromLabels([0, 1, 2, 255, 7, 8], 2, 3);
            LabelMapFile.Write(path, m);
            Assert.Equal(m.Labels.ToArray(), LabelMapFile.Read(path).Labels.ToArray());
            var bad = Path.Combine(dir.FullName, "bad.png");
            File.WriteAllText(bad, "not a png");
            var e = Assert.Throws<TesseraFormatException>(() => LabelMapFile.Read(bad));
            Assert.Contains("bad.png", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void CoarsePrediction_DownUp_IsBlockConstantAndHasNoIgnore()
    {
        var px = new byte[8 * 8];
        for (var i = 0; i < px.Length; i++) { px[i] = (byte)(i % 8 < 3 ? 1 : 0); }
        px[0] = 255;
        var c = CoarsePrediction.DownUp(LabelMap.FromLabels(px, 8, 8), 4, 2);
        Assert.DoesNotContain((byte)255, c.Labels.ToArray());
        for (var y = 0; y < 8; y++) { for (var x = 0; x < 8; x++) { Assert.Equal(c[(y / 4) * 4, (x / 4) * 4], c[y, x]); } }
    }
}
