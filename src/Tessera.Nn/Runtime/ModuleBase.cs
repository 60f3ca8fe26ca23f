namespace Tessera.Nn.Runtime;

/// <summary>
/// Helper for module constructors: TorchSharp's <c>nn.Module</c> base constructor already calls into native code, so
/// Tessera's modules pass their name through <see cref="Name"/>, which loads the runtime first.
/// </summary>
internal static class ModuleBase
{
    /// <summary>Ensures TorchSharp is loaded and returns <paramref name="name"/> for the base constructor.</summary>
    /// <param name="name">Module name.</param>
    /// <returns>The same name.</returns>
    public static string Name(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name;
    }
}
