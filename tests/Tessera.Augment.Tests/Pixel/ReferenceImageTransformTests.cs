using Tessera.Augment.Color;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;
using Tessera.Imaging;

namespace Tessera.Augment.Tests.Pixel;

public class ReferenceImageTransformTests
{
    [Theory]
    [InlineData(-0.1, 0.1)]
    [InlineData(0.0, 0.6)]
    public void FDA_BetaOutsideZeroToHalf_ThrowsNamingBetaLimit(double low, double high)
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new FDA(["ref.png"], (low, high)));
        Assert.Equal("betaLimit", e.ParamName);
    }

    [Fact]
    public void HistogramMatching_BlendAboveOne_ThrowsNamingBlendRatio()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new HistogramMatching(["ref.png"], (0.5, 1.5)));
        Assert.Equal("blendRatio", e.ParamName);
    }

    [Fact]
    public void NoReferenceImages_Throws()
    {
        Assert.Equal("referenceImages", Assert.Throws<TesseraArgumentException>(() => new FDA([])).ParamName);
        Assert.Equal("referenceImages", Assert.Throws<TesseraArgumentException>(() => new HistogramMatching([])).ParamName);
    }

    [Fact]
    public void DrawParams_StaysInRangeAndIndexesTheReferences()
    {
        var t = new HistogramMatching(["a.png", "b.png", "c.png"], (0.2, 0.4));
        var rng = new SeededRandom(3);
        var context = new DrawContext(TestSamples.Rgb(8, 8));
        var seen = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var p = t.DrawParams(context, rng);
            Assert.InRange(p.BlendRatio, 0.2, 0.4);
            seen.Add(p.ReferenceIndex);
        }
        Assert.Equal(new[] { 0, 1, 2 }, seen.Order());
    }

    [Fact]
    public void Serialized_KeepsTheAlbumentationsArgumentNames()
    {
        var json = AlbumentationsJson.Write(new Compose([new FDA(["x.png"], (0, 0.2), p: 1), new HistogramMatching(["y.png"], p: 1)]));
        Assert.Contains("\"beta_limit\"", json, StringComparison.Ordinal);
        Assert.Contains("\"blend_ratio\"", json, StringComparison.Ordinal);
        Assert.Contains("\"read_fn\"", json, StringComparison.Ordinal);
        var back = (Compose)AlbumentationsJson.Read(json);
        Assert.Equal((0, 0.2), ((FDA)back.Children[0]).BetaLimit);
        Assert.Equal((0.5, 1.0), ((HistogramMatching)back.Children[1]).BlendRatio);
    }

    [Fact]
    public void Apply_WithBlendOne_MatchesTheReferenceHistogramPerChannel()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-ref-");
        try
        {
            var reference = TestSamples.Rgb(16, 16, seed: 9);
            var file = Path.Combine(dir.FullName, "ref.png");
            ImageFile.Write(file, reference);
            var image = TestSamples.Rgb(16, 16, seed: 2);
            var matched = new HistogramMatching([file], (1, 1)).ApplyToImage(image, new HistogramMatchingParams(1, 0));
            // per channel: the mapping is monotone in the input value, and lands within the reference's value range
            for (var c = 0; c < 3; c++)
            {
                var refValues = Enumerable.Range(0, 256).Select(i => reference.Bytes[(i * 3) + c]).ToList();
                var pairs = Enumerable.Range(0, 256).Select(i => (In: image.Bytes[(i * 3) + c], Out: matched.Bytes[(i * 3) + c])).OrderBy(q => q.In).ToList();
                Assert.All(pairs, q => Assert.InRange(q.Out, refValues.Min(), refValues.Max()));
                for (var i = 1; i < pairs.Count; i++)
                {
                    Assert.True(pairs[i].Out >= pairs[i - 1].Out, $"channel {c}: not monotone at input {pairs[i].In}");
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
