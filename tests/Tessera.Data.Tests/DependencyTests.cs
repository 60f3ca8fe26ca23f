namespace Tessera.Data.Tests;

public class DependencyTests
{
    [Fact]
    public void Data_DoesNotReference_TorchSharp()
    {
        var refs = typeof(global::Tessera.Data.Coco.CocoFile).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(refs, n => n.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
    }
}
