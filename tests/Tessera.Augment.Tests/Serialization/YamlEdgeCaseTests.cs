using Tessera.Augment.Color;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;

namespace Tessera.Augment.Tests.Serialization;

public class YamlEdgeCaseTests
{
    private static T WithYaml<T>(string yaml, Func<string, T> body)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-yaml-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            return body(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_PInfinite_IsAnArgumentErrorNotACrash()
    {
        var e = WithYaml("__class_fullname__: HorizontalFlip\np: .inf\n", p => Assert.Throws<TesseraArgumentException>(() => AlbumentationsJson.ReadFile(p)));
        Assert.Contains("p: must lie in [0, 1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NanWrittenByTheWriter_ReadsBackAsNaN()
    {
        var t = new Compose([new Normalize([double.NaN, 0.5, 0.5], [0.2, 0.2, 0.2], 255, p: 1)]);
        var path = Path.Combine(Path.GetTempPath(), $"tessera-nan-{Guid.NewGuid():N}.yaml");
        try
        {
            AlbumentationsJson.WriteFile(path, t);
            Assert.Contains(".nan", File.ReadAllText(path), StringComparison.Ordinal);
            var back = (Normalize)AlbumentationsJson.ReadPipelineFile(path).Transforms[0];
            Assert.True(double.IsNaN(back.Mean[0]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("no", false)]
    [InlineData("OFF", false)]
    public void Read_Yaml11Booleans_AreBooleans(string literal, bool expected)
    {
        var t = WithYaml($"__class_fullname__: HorizontalFlip\np: 0.5\nalways_apply: {literal}\n", p => AlbumentationsJson.ReadPipelineFile(p));
        Assert.Equal(expected, ((HorizontalFlip)t.Transforms[0]).AlwaysApply);
    }

    [Fact]
    public void Read_AliasBomb_RefusedBeforeExpansionNamingTheLimit()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 1; i < 9; i++)
        {
            var prev = (char)('a' + i - 1);
            var name = (char)('a' + i);
            yaml += $"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n";
        }
        var e = WithYaml(yaml, p => Assert.Throws<TesseraFormatException>(() => AlbumentationsJson.ReadFile(p)));
        Assert.Contains("above the limit of 1000000 (PipelineReadOptions.MaxYamlNodes)", e.Message, StringComparison.Ordinal);
        // within a raised limit the same file gets as far as the pipeline check
        var small = "k: &k [1, 2]\n__class_fullname__: HorizontalFlip\nextra: [*k, *k]\n";
        var raised = WithYaml(small, p => Assert.Throws<TesseraArgumentException>(() => AlbumentationsJson.ReadFile(p, new PipelineReadOptions { MaxYamlNodes = 100 })));
        Assert.DoesNotContain("limit", raised.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPipelineFile_SingleTransformRoot_IsWrappedInCompose()
    {
        var c = WithYaml("__class_fullname__: VerticalFlip\np: 1.0\n", p => AlbumentationsJson.ReadPipelineFile(p));
        Assert.IsType<Compose>(c);
        Assert.IsType<VerticalFlip>(Assert.Single(c.Transforms));
    }
}
