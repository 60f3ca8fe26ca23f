using Tessera.Nn.Runtime;

namespace Tessera.Dense;

/// <summary>Module constructors pass their name through <see cref="Name"/>, which loads TorchSharp's native runtime
/// first (TorchSharp's <c>nn.Module</c> base constructor already calls native code).</summary>
internal static class DenseModuleBase
{
    /// <summary>Ensures TorchSharp is loaded and returns <paramref name="name"/>.</summary>
    public static string Name(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name;
    }
}
