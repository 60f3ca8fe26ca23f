using System.Text.Json;

namespace Tessera.Cli.Tests.Hosting;

public sealed class RuntimeConfigTests
{
    /// <summary>
    /// The tessera executable keeps GC-freed memory mapped (System.GC.RetainVM): on the development VMs a first touch of a
    /// page costs ~12 µs, and without it the regions GC kept giving subdivision outputs fresh pages (Loop, 2 iterations,
    /// 0.0359 s against 0.0070 s with it, same sitting; docs/benchmarks.md).
    /// </summary>
    [Fact]
    public void TesseraRuntimeConfig_RetainsVirtualMemory()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "tessera.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var options = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(options.GetProperty("System.GC.RetainVM").GetBoolean());
    }
}
