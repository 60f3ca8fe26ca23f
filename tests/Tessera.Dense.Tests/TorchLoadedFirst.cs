using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Tessera.Nn.Runtime;

namespace Tessera.Dense.Tests;

/// <summary>
/// Loads TorchSharp's native runtime through <see cref="TorchRuntime"/> before any test runs, so a test touching
/// <c>TorchSharp.torch</c> directly never runs TorchSharp's own static initialiser first (which fails on pre-GCC-13
/// systems and poisons the type for the whole process). See tests/Tessera.Nn.Tests/TorchLoadedFirst.cs.
/// </summary>
internal static class TorchLoadedFirst
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Test assembly: process-wide native initialisation must precede every test.")]
    internal static void Initialize() => TorchRuntime.EnsureLoaded();
}
