using System.Text.Json;

namespace Tessera.Core.Parity;

/// <summary>The <c>manifest.json</c> of a fixture group, as every library's parity handlers read it.</summary>
public static class ParityManifest
{
    /// <summary>The file name of a group's manifest.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The folder's manifest, or null when there is none or it is not JSON (the handler then does not claim the
    /// group, and the runner reports the broken file).</summary>
    /// <param name="directory">The group folder.</param>
    /// <returns>The parsed manifest (the caller disposes it), or null.</returns>
    public static JsonDocument? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) { return null; }
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
