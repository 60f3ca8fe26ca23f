using Tessera.Nn.Runtime;

namespace Tessera.Diffusion.Models;

/// <summary>Module constructors pass their name through <see cref="Loaded"/>, which loads TorchSharp's runtime first
/// (TorchSharp's <c>nn.Module</c> base constructor already calls native code).</summary>
internal static class ModuleNames
{
    /// <summary>Ensures the runtime is loaded and returns <paramref name="name"/>.</summary>
    public static string Loaded(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name;
    }
}
