using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Tessera.Nn.Runtime;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Tessera.Dense.Tests.ClipSeg;

/// <summary>Loads TorchSharp's native runtime through Tessera before any test touches <c>torch</c> directly.</summary>
internal static class TorchFirst
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Test assembly: native initialisation precedes every test.")]
    internal static void Initialize() => TorchRuntime.EnsureLoaded();
}
