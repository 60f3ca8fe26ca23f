using System.Text.Json.Nodes;
using Tessera.Augment.Serialization;
using Tessera.Core.Parity;

namespace Tessera.Augment.Parity;

/// <summary>
/// Parity handler for albumentations 1.3.1 golden fixtures (<c>fixtures/augment</c>): recognises a folder whose
/// <c>index.json</c> has <c>albumentations_version</c> and <c>cases</c>. One group per transform under test
/// (<c>augment/Rotate</c>, …, <c>augment/Compose</c>); each case rebuilds the serialized pipeline, feeds the
/// recorded replay parameters to the apply functions and compares with the case's tolerance.
/// Cases that use a transform missing from <see cref="TransformCatalog"/> report <see cref="ParityStatus.Unsupported"/>.
/// </summary>
public sealed class AugmentParityHandler : IParityHandler
{
    /// <inheritdoc />
    public string Format => "albumentations-replay";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var indexPath = Path.Combine(directory, "index.json");
        if (!File.Exists(indexPath))
        {
            return null;
        }
        JsonNode? index;
        try
        {
            index = JsonNode.Parse(File.ReadAllText(indexPath));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        if (index is not JsonObject obj || obj["albumentations_version"] is null || obj["cases"] is not JsonArray cases)
        {
            return null;
        }
        var groups = new List<(string Name, List<ParityCase> Cases)>();
        foreach (var c in cases.OfType<JsonObject>())
        {
            var id = c["id"]!.GetValue<string>();
            var transform = c["transform"]!.GetValue<string>();
            var file = Path.Combine(directory, c["file"]!.GetValue<string>());
            var group = groups.FirstOrDefault(g => g.Name == transform);
            if (group.Cases is null)
            {
                group = (transform, []);
                groups.Add(group);
            }
            group.Cases.Add(new ParityCase(id, ct => AugmentFixtureCase.Run(directory, file, ct)));
        }
        return groups.Select(g => new ParityGroup("augment", g.Name, directory, g.Cases)).ToList();
    }

    /// <summary>Whether every transform a case file uses is in the catalogue (the case can run).</summary>
    /// <param name="caseFile">Path of <c>cases/&lt;id&gt;.json</c>.</param>
    /// <returns>True when the case is supported.</returns>
    public static bool IsSupported(string caseFile) => AugmentFixtureCase.MissingTransforms(caseFile).Count == 0;
}
