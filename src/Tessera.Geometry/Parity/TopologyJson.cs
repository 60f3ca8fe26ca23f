using System.Text.Json.Nodes;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Parity;

/// <summary>A <see cref="TopologyReport"/> in the field names of <c>fixtures/mesh/topology.json</c>.</summary>
internal static class TopologyJson
{
    public static JsonObject ToFixtureJson(TopologyReport r)
    {
        var comps = new JsonArray();
        foreach (var c in r.ComponentList)
        {
            comps.Add(new JsonObject
            {
                ["V"] = c.Vertices,
                ["E"] = c.Edges,
                ["F"] = c.Faces,
                ["euler_characteristic"] = c.EulerCharacteristic,
                ["boundary_edges"] = c.BoundaryEdges,
                ["boundary_loops"] = c.BoundaryLoops,
                ["closed"] = c.Closed,
                ["manifold"] = c.Manifold,
                ["orientable"] = c.Orientable,
                ["genus"] = c.Genus,
                ["area"] = c.Area,
            });
        }
        return new JsonObject
        {
            ["V"] = r.Vertices,
            ["V_referenced"] = r.ReferencedVertices,
            ["V_unreferenced"] = r.UnreferencedVertices,
            ["V_used"] = r.UsedVertices,
            ["E"] = r.Edges,
            ["F"] = r.Faces,
            ["F_index_degenerate"] = r.IndexDegenerateFaces,
            ["F_zero_area"] = r.ZeroAreaFaces,
            ["boundary_edges"] = r.BoundaryEdges,
            ["regular_edges"] = r.RegularEdges,
            ["singular_edges"] = r.SingularEdges,
            ["nonmanifold_vertices"] = r.NonManifoldVertices,
            ["nonmanifold_vertices_multi_fan"] = r.MultiFanVertices,
            ["closed"] = r.Closed,
            ["manifold"] = r.Manifold,
            ["consistently_oriented"] = r.ConsistentlyOriented,
            ["orientable"] = r.Orientable,
            ["components"] = r.Components,
            ["components_edge_connected"] = r.EdgeConnectedComponents,
            ["euler_characteristic"] = r.EulerCharacteristic,
            ["genus"] = r.Genus,
            ["boundary_loops"] = r.BoundaryLoops,
            ["area"] = r.Area,
            ["signed_volume"] = r.SignedVolume,
            ["bbox_min"] = new JsonArray(r.BoundsMin.X, r.BoundsMin.Y, r.BoundsMin.Z),
            ["bbox_max"] = new JsonArray(r.BoundsMax.X, r.BoundsMax.Y, r.BoundsMax.Z),
            ["component_list"] = comps,
        };
    }
}
