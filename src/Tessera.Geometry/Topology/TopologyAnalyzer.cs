using Tessera.Geometry.Internal;

namespace Tessera.Geometry.Topology;

/// <summary>Computes a <see cref="TopologyReport"/> in O(n·α(n)).</summary>
/// <remarks>Definitions are those of <c>shared/fixtures/mesh/README.md</c>; the results were checked against
/// OpenMesh 9.0 and CGAL 5.5.1 on the fixture meshes. Fans: the corners of a vertex are joined when their faces
/// share an edge incident to the vertex; a vertex with more than one group of corners is a bow-tie.</remarks>
public static class TopologyAnalyzer
{
    /// <summary>Relative area threshold (× bbox diagonal²) below which a face counts as zero-area.</summary>
    public const double ZeroAreaTolerance = 1e-12;

    /// <summary>Analyses a mesh.</summary>
    /// <param name="mesh">The mesh.</param>
    /// <returns>The report.</returns>
    public static TopologyReport Analyze(TriangleMesh mesh) => Analyze(mesh, new MeshConnectivity(mesh));

    /// <summary>Analyses a mesh whose connectivity is already built.</summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="conn">Its connectivity.</param>
    /// <returns>The report.</returns>
    public static TopologyReport Analyze(TriangleMesh mesh, MeshConnectivity conn)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(conn);
        var nV = mesh.VertexCount;
        var nF = mesh.FaceCount;
        var tri = mesh.Triangles;
        var pos = mesh.Positions;

        var referenced = new bool[nV];
        var used = new bool[nV];
        var degenerate = 0;
        foreach (var v in tri) { referenced[v] = true; }
        for (var f = 0; f < nF; f++)
        {
            if (!conn.IsValidFace(f)) { degenerate++; continue; }
            used[tri[3 * f]] = used[tri[(3 * f) + 1]] = used[tri[(3 * f) + 2]] = true;
        }
        var (bmin, bmax) = mesh.Bounds();
        var diag2 = (bmax - bmin).LengthSquared;
        var zeroArea = 0;
        double area = 0;
        var faceArea = new double[nF];
        for (var f = 0; f < nF; f++)
        {
            faceArea[f] = mesh.FaceArea(f);
            area += faceArea[f];
            if (conn.IsValidFace(f) && faceArea[f] <= ZeroAreaTolerance * diag2) { zeroArea++; }
        }

        // Edge classes.
        int boundary = 0, regular = 0, singular = 0;
        var onSingular = new bool[nV];
        var firstSingular = new List<(int, int)>();
        var consistent = true;
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            var n = conn.EdgeFaceCount(e);
            if (n == 1) { boundary++; }
            else if (n == 2)
            {
                regular++;
                var hs = conn.EdgeHalfedges(e);
                if (conn.From(hs[0]) == conn.From(hs[1])) { consistent = false; }
            }
            else
            {
                singular++;
                consistent = false;
                var (a, b) = conn.EdgeVertices(e);
                onSingular[a] = onSingular[b] = true;
                if (firstSingular.Count < 10) { firstSingular.Add((a, b)); }
            }
        }

        // Fans: union corners (identified by their outgoing half-edge) across the edges incident to the vertex.
        var corners = new UnionFind(conn.HalfedgeCount);
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            var hs = conn.EdgeHalfedges(e);
            if (hs.Length < 2) { continue; }
            var (lo, hi) = conn.EdgeVertices(e);
            var cLo0 = CornerAt(conn, hs[0], lo);
            var cHi0 = CornerAt(conn, hs[0], hi);
            for (var i = 1; i < hs.Length; i++)
            {
                corners.Union(cLo0, CornerAt(conn, hs[i], lo));
                corners.Union(cHi0, CornerAt(conn, hs[i], hi));
            }
        }
        var multiFan = new bool[nV];
        var multiFanCount = 0;
        var nonManifoldCount = 0;
        var firstNonManifold = new List<int>();
        for (var v = 0; v < nV; v++)
        {
            var outgoing = conn.Outgoing(v);
            if (outgoing.Length > 1)
            {
                var root = corners.Find(outgoing[0]);
                for (var i = 1; i < outgoing.Length; i++)
                {
                    if (corners.Find(outgoing[i]) != root) { multiFan[v] = true; break; }
                }
            }
            if (multiFan[v]) { multiFanCount++; }
            if (multiFan[v] || onSingular[v])
            {
                nonManifoldCount++;
                if (firstNonManifold.Count < 10) { firstNonManifold.Add(v); }
            }
        }
        var manifold = singular == 0 && nonManifoldCount == 0;

        // Components: vertex-connected and edge-connected.
        var vertexSets = new UnionFind(nV);
        for (var f = 0; f < nF; f++)
        {
            if (!conn.IsValidFace(f)) { continue; }
            vertexSets.Union(tri[3 * f], tri[(3 * f) + 1]);
            vertexSets.Union(tri[3 * f], tri[(3 * f) + 2]);
        }
        var faceSets = new UnionFind(nF);
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            var hs = conn.EdgeHalfedges(e);
            for (var i = 1; i < hs.Length; i++) { faceSets.Union(MeshConnectivity.Face(hs[0]), MeshConnectivity.Face(hs[i])); }
        }
        var edgeComponents = 0;
        var seenFaceRoot = new bool[nF];
        for (var f = 0; f < nF; f++)
        {
            if (!conn.IsValidFace(f)) { continue; }
            var r = faceSets.Find(f);
            if (!seenFaceRoot[r]) { seenFaceRoot[r] = true; edgeComponents++; }
        }

        // Component ids by smallest vertex index.
        var componentOfRoot = new int[nV];
        Array.Fill(componentOfRoot, -1);
        var componentCount = 0;
        var componentOfVertex = new int[nV];
        Array.Fill(componentOfVertex, -1);
        for (var v = 0; v < nV; v++)
        {
            if (!used[v]) { continue; }
            var r = vertexSets.Find(v);
            if (componentOfRoot[r] < 0) { componentOfRoot[r] = componentCount++; }
            componentOfVertex[v] = componentOfRoot[r];
        }

        // Boundary loops: components of the boundary-edge graph.
        var loopSets = new UnionFind(nV);
        var onBoundary = new bool[nV];
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            if (conn.EdgeFaceCount(e) != 1) { continue; }
            var (a, b) = conn.EdgeVertices(e);
            onBoundary[a] = onBoundary[b] = true;
            loopSets.Union(a, b);
        }
        var loops = 0;
        var compLoops = new int[componentCount];
        for (var v = 0; v < nV; v++)
        {
            if (onBoundary[v] && loopSets.Find(v) == v)
            {
                loops++;
                compLoops[componentOfVertex[v]]++;
            }
        }

        // Orientability per component (manifold meshes only): two-colour faces across regular edges.
        var compOrientable = new bool[componentCount];
        Array.Fill(compOrientable, true);
        if (manifold)
        {
            var flip = new sbyte[nF];
            var stack = new Stack<int>();
            for (var f0 = 0; f0 < nF; f0++)
            {
                if (!conn.IsValidFace(f0) || flip[f0] != 0) { continue; }
                flip[f0] = 1;
                stack.Push(f0);
                while (stack.Count > 0)
                {
                    var f = stack.Pop();
                    for (var k = 0; k < 3; k++)
                    {
                        var h = (3 * f) + k;
                        var t = conn.Twin(h);
                        if (t < 0) { continue; }
                        var g = MeshConnectivity.Face(t);
                        var same = conn.From(t) == conn.From(h);
                        var want = (sbyte)(same ? -flip[f] : flip[f]);
                        if (flip[g] == 0) { flip[g] = want; stack.Push(g); }
                        else if (flip[g] != want) { compOrientable[componentOfVertex[tri[3 * f]]] = false; }
                    }
                }
            }
        }

        // Per-component counts.
        var cV = new int[componentCount];
        var cE = new int[componentCount];
        var cF = new int[componentCount];
        var cB = new int[componentCount];
        var cArea = new double[componentCount];
        var cManifold = new bool[componentCount];
        Array.Fill(cManifold, true);
        for (var v = 0; v < nV; v++)
        {
            if (!used[v]) { continue; }
            cV[componentOfVertex[v]]++;
            if (multiFan[v] || onSingular[v]) { cManifold[componentOfVertex[v]] = false; }
        }
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            var c = componentOfVertex[conn.EdgeVertices(e).Lo];
            cE[c]++;
            if (conn.EdgeFaceCount(e) == 1) { cB[c]++; }
        }
        for (var f = 0; f < nF; f++)
        {
            if (!conn.IsValidFace(f)) { continue; }
            var c = componentOfVertex[tri[3 * f]];
            cF[c]++;
            cArea[c] += faceArea[f];
        }
        var components = new List<ComponentTopology>(componentCount);
        var genusSum = 0;
        for (var c = 0; c < componentCount; c++)
        {
            var chi = cV[c] - cE[c] + cF[c];
            bool? orientable = cManifold[c] ? compOrientable[c] : null;
            int? genus = orientable == true ? (2 - chi - compLoops[c]) / 2 : null;
            genusSum += genus ?? 0;
            components.Add(new ComponentTopology(cV[c], cE[c], cF[c], chi, cB[c], compLoops[c], cB[c] == 0 && cF[c] > 0,
                cManifold[c], orientable, genus, cArea[c]));
        }
        var allOrientable = compOrientable.All(o => o);
        var closed = boundary == 0 && nF - degenerate > 0;

        double? volume = null;
        if (closed && manifold)
        {
            double vol = 0;
            for (var f = 0; f < nF; f++)
            {
                if (!conn.IsValidFace(f)) { continue; }
                var a = pos[tri[3 * f]];
                var b = pos[tri[(3 * f) + 1]];
                var cc = pos[tri[(3 * f) + 2]];
                vol += Vec3.Dot(a, Vec3.Cross(b, cc)) / 6.0;
            }
            volume = vol;
        }

        return new TopologyReport
        {
            Vertices = nV,
            ReferencedVertices = referenced.Count(r => r),
            UsedVertices = used.Count(u => u),
            Edges = conn.EdgeCount,
            Faces = nF,
            IndexDegenerateFaces = degenerate,
            ZeroAreaFaces = zeroArea,
            BoundaryEdges = boundary,
            RegularEdges = regular,
            SingularEdges = singular,
            NonManifoldVertices = nonManifoldCount,
            MultiFanVertices = multiFanCount,
            Closed = closed,
            Manifold = manifold,
            ConsistentlyOriented = consistent,
            Orientable = manifold ? allOrientable : null,
            Components = componentCount,
            EdgeConnectedComponents = edgeComponents,
            EulerCharacteristic = used.Count(u => u) - conn.EdgeCount + (nF - degenerate),
            Genus = manifold && allOrientable ? genusSum : null,
            BoundaryLoops = loops,
            Area = area,
            SignedVolume = volume,
            BoundsMin = bmin,
            BoundsMax = bmax,
            ComponentList = components,
            FirstSingularEdges = firstSingular,
            FirstNonManifoldVertices = firstNonManifold,
        };
    }

    /// <summary>The corner (outgoing half-edge) of <paramref name="h"/>'s face at vertex <paramref name="v"/>,
    /// where v is an endpoint of h.</summary>
    private static int CornerAt(MeshConnectivity conn, int h, int v) => conn.From(h) == v ? h : MeshConnectivity.Next(h);
}
