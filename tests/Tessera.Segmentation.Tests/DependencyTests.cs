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
        }
    }
}
