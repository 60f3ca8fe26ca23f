using Tessera.Core.Errors;
using Tessera.Data.Synthetic;

namespace Tessera.Data.Tests.Synthetic;

public sealed class ShapeScenesTests
{
    [Fact]
    public void Generate_SameSeedAndIndex_SameScene()
    {
        var o = new ShapeSceneOptions { Height = 64, Width = 80, NumClasses = 5, Shapes = 6 };
        Assert.Equal(ShapeScenes.Generate(o, 7, 3).Bytes.ToArray(), ShapeScenes.Generate(o, 7, 3).Bytes.ToArray());
        Assert.NotEqual(ShapeScenes.Generate(o, 7, 3).Bytes.ToArray(), ShapeScenes.Generate(o, 7, 4).Bytes.ToArray());
    }

    [Fact]
    public void Generate_LabelsStayInClassRangeOrIgnore()
    {
        var o = new ShapeSceneOptions { Height = 64, Width = 64, NumClasses = 4, Shapes = 12, IgnoreFraction = 1 };
        var px = ShapeScenes.Generate(o, 1).Bytes.ToArray();
        Assert.All(px, v => Assert.True(v < 4 || v == 255));
        Assert.Contains((byte)255, px);
        Assert.Equal([64, 64], ShapeScenes.Generate(o, 1).Shape);
    }

    [Fact]
    public void Street_HasRoadSkyAndIgnoreHood()
    {
        var px = ShapeScenes.Street(128, 256, 2).Bytes.ToArray();
        Assert.Contains((byte)0, px);
        Assert.Contains((byte)10, px);
        Assert.Contains((byte)255, px);
        Assert.Equal(10, px[0]);
    }

    [Fact]
    public void Generate_BadOptions_ThrowNamingTheOption()
        => Assert.Equal("NumClasses", Assert.Throws<TesseraArgumentException>(
            () => ShapeScenes.Generate(new ShapeSceneOptions { NumClasses = 1 }, 0)).ParamName);
}
