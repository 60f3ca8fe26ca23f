namespace Tessera.Augment.Tests;

public class DependencyTests
{
    [Fact]
    public void Augment_DoesNotReference_TorchSharp()
    {
        var refs = typeof(global::Tessera.Augment.Pipeline.Compose).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(refs, n => n.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => (a.GetName().Name ?? "").StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
    }
}
