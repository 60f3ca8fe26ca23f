using Tessera.Dense.SegFix;

namespace Tessera.Dense.Tests;

/// <summary>Tessera.Dense sits on Nn, Segmentation and Data; it draws no pictures and knows no CLI.</summary>
public sealed class DependencyTests
{
    [Fact]
    public void Dense_ReferencesTheFrameworkAndTheTaskLibraries_NotPlottingOrTheCli()
    {
        var refs = typeof(SegFixNet).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        foreach (var expected in new[] { "Tessera.Core", "Tessera.Nn", "Tessera.Segmentation", "Tessera.Data", "TorchSharp" })
        {
            Assert.Contains(expected, refs);
        }
        Assert.DoesNotContain(refs, n => n.StartsWith("ScottPlot", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, n => n.StartsWith("Spectre", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, n => n.StartsWith("Tessera.Cli", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, n => n.StartsWith("OpenCvSharp", StringComparison.Ordinal));
    }
}
