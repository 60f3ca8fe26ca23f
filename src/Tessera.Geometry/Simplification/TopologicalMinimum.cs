namespace Tessera.Geometry.Simplification;

/// <summary>Fewest faces of a triangulated closed orientable surface: a minimal triangulation of genus g has
/// ⌈(7 + √(1 + 48g)) / 2⌉ vertices (Jungerman–Ringel 1980; 10 for g = 2, the one exception), and with
/// V − E + F = 2 − 2g and 3F = 2E it has 2(V − 2 + 2g) faces: 4 for a sphere, 14 for a torus, 24 for genus 2.</summary>
internal static class TopologicalMinimum
{
    public static int Vertices(int genus)
        => genus == 2 ? 10 : (int)Math.Ceiling((7 + Math.Sqrt(1 + (48.0 * genus))) / 2 - 1e-9);

    public static int Faces(int genus) => 2 * (Vertices(genus) - 2 + (2 * genus));

    /// <summary>Minimum faces of the live mesh (sum over its closed components), null if it has a boundary; also
    /// the genus of each component.</summary>
    public static int? Of(EditableMesh em, out List<int> genera)
    {
        genera = [];
        var uf = new Internal.UnionFind(em.VertexCount);
        var used = new bool[em.VertexCount];
        for (var f = 0; f < em.FaceSlots; f++)
        {
            if (!em.IsFaceLive(f)) { continue; }
            var (a, b, c) = em.Face(f);
            used[a] = used[b] = used[c] = true;
            uf.Union(a, b);
            uf.Union(a, c);
        }
        var verts = new Dictionary<int, int>();
        var faces = new Dictionary<int, int>();
        for (var v = 0; v < em.VertexCount; v++)
        {
            if (!used[v]) { continue; }
            if (em.IsBoundary(v)) { return null; }
            var r = uf.Find(v);
            verts[r] = verts.GetValueOrDefault(r) + 1;
        }
        for (var f = 0; f < em.FaceSlots; f++)
        {
            if (!em.IsFaceLive(f)) { continue; }
            var r = uf.Find(em.Face(f).A);
            faces[r] = faces.GetValueOrDefault(r) + 1;
        }
        var total = 0;
        foreach (var (r, f) in faces.OrderBy(kv => kv.Key))
        {
            // closed: E = 3F/2, χ = V − F/2 = 2 − 2g
            var chi = verts[r] - (f / 2);
            var g = (2 - chi) / 2;
            genera.Add(g);
            total += Faces(g);
        }
        return total;
    }
}
