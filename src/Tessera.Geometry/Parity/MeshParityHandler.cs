using System.Text.Json.Nodes;
using Tessera.Core.Parity;

namespace Tessera.Geometry.Parity;

/// <summary>
/// Parity handler for the mesh fixtures (OpenMesh 9.0 / CGAL 5.5.1 references). Recognises a folder holding a
/// <c>topology.json</c> whose schema is <c>tessera-mesh-topology/1</c> and yields the groups <c>topology</c>,
/// <c>subdivision</c>, <c>curves</c>, <c>triangulation</c> and <c>simplification</c> for the sub-files it finds.
/// </summary>
public sealed class MeshParityHandler : IParityHandler
{
    /// <summary>Area name used in parity rows.</summary>
    public const string Area = "mesh";

    /// <inheritdoc />
    public string Format => "tessera-mesh";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var topology = Path.Combine(directory, "topology.json");
        if (!File.Exists(topology)) { return null; }
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(topology)); }
        catch (System.Text.Json.JsonException) { return null; }
        if (root?["schema"]?.GetValue<string>() != "tessera-mesh-topology/1") { return null; }
        var groups = new List<ParityGroup>
        {
            new(Area, "topology", directory, TopologyParity.Cases(directory, root)),
        };
        var subdivision = Path.Combine(directory, "subdivision", "index.json");
        if (File.Exists(subdivision)) { groups.Add(new(Area, "subdivision", Path.GetDirectoryName(subdivision)!, SubdivisionParity.Cases(directory, subdivision))); }
        var curves = Path.Combine(directory, "curves", "curves.json");
        if (File.Exists(curves)) { groups.Add(new(Area, "curves", Path.GetDirectoryName(curves)!, CurveParity.Cases(curves))); }
        var polygons = Path.Combine(directory, "polygons", "index.json");
        if (File.Exists(polygons)) { groups.Add(new(Area, "triangulation", Path.GetDirectoryName(polygons)!, TriangulationParity.Cases(polygons))); }
        var simplification = Path.Combine(directory, "simplification", "simplification.json");
        if (File.Exists(simplification))
        {
            groups.Add(new(Area, "simplification", Path.GetDirectoryName(simplification)!, SimplificationParity.Cases(directory, simplification)));
        }
        return groups;
    }
}
