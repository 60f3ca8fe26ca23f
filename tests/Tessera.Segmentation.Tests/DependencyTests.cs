using Tessera.Data.Synthetic;
using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.Tests;

public sealed class DependencyTests
{
    [Fact]
    public void SegmentationAndData_DoNotReferenceTorchSharp()
    {
        foreach (var asm in new[] { typeof(LabelMap).Assembly, typeof(ShapeScenes).Assembly })
        {
            Assert.DoesNotContain(asm.GetReferencedAssemblies(), a => a.Name!.Contains("TorchSharp", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(asm.GetReferencedAssemblies(), a => a.Name!.StartsWith("Tessera.Nn", StringComparison.Ordinal) || a.Name!.StartsWith("Tessera.Dense", StringComparison.Ordinal));
        }
        // This test assembly uses both libraries and nothing torch-based, so TorchSharp must never have been loaded.
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => (a.GetName().Name ?? "").StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
    }
}
