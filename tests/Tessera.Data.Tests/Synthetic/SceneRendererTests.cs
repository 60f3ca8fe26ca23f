using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Data.Synthetic;
using Xunit;

namespace Tessera.Data.Tests.Synthetic;

public sealed class SceneRendererTests
{
    private static NdArray Labels() => ShapeScenes.Generate(new ShapeSceneOptions { Height = 40, Width = 56, IgnoreFraction = 1 }, 9);

    [Fact]
    public void Render_SameSeed_SameImage_OtherSeedDiffers()
    {
        var labels = Labels();
        var a = SceneRenderer.Render(labels, 3, 1);
        var b = SceneRenderer.Render(labels, 3, 1);
        var c = SceneRenderer.Render(labels, 4, 1);
        Assert.Equal(3, a.Channels);
        Assert.Equal((40, 56), (a.Height, a.Width));
        Assert.Equal(a.Pixels<byte>().ToArray(), b.Pixels<byte>().ToArray());
        Assert.NotEqual(a.Pixels<byte>().ToArray(), c.Pixels<byte>().ToArray());
    }

    [Fact]
    public void Render_ClassesDifferOnAverage_AndPixelsAreNoisy()
    {
        // Given a flat two-class map (left half 1, right half 2)
        var px = new byte[32 * 32];
        for (var i = 0; i < px.Length; i++) { px[i] = (byte)(i % 32 < 16 ? 1 : 2); }
        var image = SceneRenderer.Render(NdArray.FromArray<byte>(px, 32, 32), 0, options: new SceneRenderOptions { BlurRadius = 0 });
        var p = image.Pixels<byte>().ToArray();

        // Then the class means differ and a class is not a single colour (texture + noise)
        double Mean(bool left) => Enumerable.Range(0, 32 * 32).Where(i => (i % 32 < 16) == left).Average(i => p[3 * i] + p[(3 * i) + 1] + p[(3 * i) + 2]);
        Assert.True(Math.Abs(Mean(true) - Mean(false)) > 1);
        Assert.True(Enumerable.Range(0, 16).Select(x => p[3 * x]).Distinct().Count() > 3);
    }

    [Fact]
    public void Render_InputUntouched_AndBadInputsNamed()
    {
        var labels = Labels();
        var copy = labels.AsSpan<byte>().ToArray();
        _ = SceneRenderer.Render(labels, 1);
        Assert.Equal(copy, labels.AsSpan<byte>().ToArray());
        Assert.Equal("labels", Assert.Throws<TesseraArgumentException>(() => SceneRenderer.Render(NdArray.FromArray<float>(new float[4], 2, 2), 1)).ParamName);
        Assert.Equal("NoiseSigma", Assert.Throws<TesseraArgumentException>(() => SceneRenderer.Render(labels, 1, 0, new SceneRenderOptions { NoiseSigma = -1 })).ParamName);
    }
}
