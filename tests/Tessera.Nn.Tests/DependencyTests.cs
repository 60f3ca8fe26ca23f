using Tessera.Nn.Models.Vit;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Nn.Tests;

/// <summary>
/// Tessera.Nn is a framework that knows no task: it references Tessera.Core, TorchSharp and Razorvine.Pickle (pure
/// managed, for reading <c>torch.save</c> files) and nothing else, so a CLIP or ViT user never loads OpenCV, ScottPlot
/// or the segmentation libraries. The other half of the rule (Augment, Geometry, Segmentation and Data never load
/// TorchSharp) is asserted by those libraries' DependencyTests.
/// </summary>
public sealed class DependencyTests
{
    private static readonly string[] Allowed = ["Tessera.Core", "TorchSharp", "Razorvine.Pickle"];

    [Fact]
    public void Nn_ReferencesOnlyCoreTorchSharpAndThePickleReader()
    {
        var refs = typeof(TorchRuntime).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        var foreign = refs.Where(n => !IsFramework(n) && !Allowed.Contains(n, StringComparer.Ordinal)).ToList();
        Assert.True(foreign.Count == 0, $"Tessera.Nn must reference only {string.Join(", ", Allowed)}; it references {string.Join(", ", foreign)}");
        Assert.Contains("Tessera.Core", refs);
        Assert.Contains("TorchSharp", refs);
        foreach (var banned in new[] { "Tessera.Segmentation", "Tessera.Data", "Tessera.Imaging", "Tessera.Dense", "OpenCvSharp", "ScottPlot" })
        {
            Assert.DoesNotContain(refs, n => n.StartsWith(banned, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void UsingNn_ViTForwardAndSafetensorsRoundTrip_LoadsNeitherOpenCvNorScottPlot()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-nn-deps-").FullName;
        try
        {
            // Build a tiny ViT, run a forward, save and reload its weights.
            torch.manual_seed(1);
            using var model = new VisionTransformer(VitConfig.Tiny);
            model.eval();
            using (torch.NewDisposeScope())
            using (torch.no_grad())
            {
                var logits = model.forward(torch.randn(1, 3, 32, 32));
                Assert.Equal([1L, 10L], logits.shape);
            }
            var path = Path.Combine(dir, "vit.safetensors");
            CheckpointWriter.Save(path, model);
            using var weights = CheckpointReader.Read(path);
            using var reloaded = new VisionTransformer(VitConfig.Tiny);
            Assert.True(StateDictLoader.Load(reloaded, weights).IsComplete);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").ToList();
        Assert.Contains("TorchSharp", loaded);
        Assert.DoesNotContain(loaded, n => n.StartsWith("OpenCvSharp", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(loaded, n => n.StartsWith("ScottPlot", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(loaded, n => n.StartsWith("Tessera.Segmentation", StringComparison.Ordinal) || n.StartsWith("Tessera.Imaging", StringComparison.Ordinal));
    }

    private static bool IsFramework(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal);
}
