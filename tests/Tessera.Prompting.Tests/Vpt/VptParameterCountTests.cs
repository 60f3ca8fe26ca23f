using System.Text.Json;
using Tessera.Nn.Models.Vit;
using Tessera.Prompting.Vpt;
using Tessera.TestSupport;
using TorchSharp;

namespace Tessera.Prompting.Tests.Vpt;

/// <summary>VPT on ViT-B/16 (built from its architecture config, not constants) against the fixture's table.</summary>
public sealed class VptParameterCountTests
{
    [Fact]
    public void VitB16_CountsMatchTheReferenceTable_AndDeepUnder1PercentUpTo50Tokens()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedFixtures.Get("prompting", "vpt", "manifest.json")));
        var rows = doc.RootElement.GetProperty("vitb16_param_counts").GetProperty("rows").EnumerateArray().ToList();
        using var vit = new VisionTransformer(VitConfig.B16 with { NumClasses = 0 });
        var backbone = vit.parameters().Sum(p => p.numel());

        Assert.Equal(rows[0].GetProperty("backbone_params_frozen").GetInt64(), backbone);
        foreach (var row in rows)
        {
            var deep = row.GetProperty("variant").GetString() == "VPT-deep";
            var tokens = row.GetProperty("num_tokens").GetInt32();
            using var task = new VptClassifier(vit, 224, 100, new VptOptions { NumTokens = tokens, Deep = deep });
            Assert.Equal(row.GetProperty("trainable_params").GetInt64(), task.ParameterCount);
            var ratio = (double)task.ParameterCount / backbone;
            Assert.Equal(deep && tokens > 50, ratio >= 0.01);
        }
    }
}
