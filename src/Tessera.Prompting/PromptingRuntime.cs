using Tessera.Nn.Runtime;

namespace Tessera.Prompting;

/// <summary>Loads TorchSharp's native runtime before a module's base constructor runs (see <see cref="TorchRuntime"/>).</summary>
internal static class PromptingRuntime
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
