using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Tessera.Nn.Runtime;

namespace Tessera.Nn.Tests;

/// <summary>
/// Loads TorchSharp's native runtime through <see cref="TorchRuntime"/> before any test runs. Without it, a test
/// that touches <c>TorchSharp.torch</c> directly before any Tessera.Nn entry point would run TorchSharp's static
/// initialiser first; on pre-GCC-13 systems that fails and poisons the type for the whole process (tests then
/// fail or pass depending on scheduling order).
/// </summary>
internal static class TorchLoadedFirst
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Test assembly: process-wide native initialisation must precede every test.")]
    internal static void Initialize()
    {
        // Child processes of the race regression test (Runtime/TorchRuntimeRaceTests) must start unloaded.
        if (Environment.GetEnvironmentVariable("TESSERA_NN_TEST_NO_PRELOAD") != "1")
        {
            TorchRuntime.EnsureLoaded();
        }
    }
}
