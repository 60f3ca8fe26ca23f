using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Tessera.Nn.Runtime;

namespace Tessera.Prompting.Tests;

/// <summary>Loads TorchSharp's native runtime through <see cref="TorchRuntime"/> before any test touches TorchSharp.</summary>
internal static class TorchLoadedFirst
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Test assembly: process-wide native initialisation must precede every test.")]
    internal static void Initialize() => TorchRuntime.EnsureLoaded();
}
