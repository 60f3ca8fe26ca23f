using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Tessera.Nn.Runtime;

namespace Tessera.Diffusion.Tests;

/// <summary>Loads TorchSharp through <see cref="TorchRuntime"/> before any test touches <c>TorchSharp.torch</c>.</summary>
internal static class TorchLoadedFirst
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Test assembly: process-wide native initialisation must precede every test.")]
    internal static void Initialize() => TorchRuntime.EnsureLoaded();
}
