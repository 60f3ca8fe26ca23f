using Tessera.Core.Errors;

namespace Tessera.Geometry;

/// <summary>Procedural meshes used by the demo, the benchmarks and tests (same formulas as the fixtures'
/// <c>gen_meshes.py</c>).</summary>
public static class MeshGenerators
{
    /// <summary>
    /// The "bumpy torus" of <c>fixtures/mesh/meshes/large.recipe.json</c>: ρ = r(1 + a1 sin 6u cos 4v + a2 sin 23u
    /// sin 11v), vertex i·nv + j at ((R + ρ cos v) cos u, (R + ρ cos v) sin u, ρ sin v), faces (a,b,c), (a,c,d) per
    /// cell. (512, 256) gives the 262,144-face benchmark mesh.
    /// </summary>
    /// <param name="nu">Segments around the main axis (≥ 3).</param>
    /// <param name="nv">Segments around the tube (≥ 3).</param>
    /// <param name="majorRadius">R.</param>
    /// <param name="minorRadius">r.</param>
    /// <param name="a1">Amplitude of the (6, 4) bump.</param>
    /// <param name="a2">Amplitude of the (23, 11) bump.</param>
    /// <returns>A closed genus-1 mesh with nu·nv vertices and 2·nu·nv faces.</returns>
    /// <exception cref="TesseraArgumentException">Fewer than 3 segments.</exception>
    public static TriangleMesh BumpyTorus(int nu = 512, int nv = 256, double majorRadius = 1.0, double minorRadius = 0.35,
        double a1 = 0.2, double a2 = 0.05)
    {
        Guard.That(nu >= 3, nameof(nu), $"must be >= 3 (got {nu})");
        Guard.That(nv >= 3, nameof(nv), $"must be >= 3 (got {nv})");
        var pos = new Vec3[nu * nv];
        for (var i = 0; i < nu; i++)
        {
            var u = 2 * Math.PI * i / nu;
            for (var j = 0; j < nv; j++)
            {
                var v = 2 * Math.PI * j / nv;
                var rho = minorRadius * (1 + (a1 * Math.Sin(6 * u) * Math.Cos(4 * v)) + (a2 * Math.Sin(23 * u) * Math.Sin(11 * v)));
                pos[(i * nv) + j] = new Vec3((majorRadius + (rho * Math.Cos(v))) * Math.Cos(u), (majorRadius + (rho * Math.Cos(v))) * Math.Sin(u), rho * Math.Sin(v));
            }
        }
        var tri = new int[6 * nu * nv];
        var t = 0;
        for (var i = 0; i < nu; i++)
        {
            for (var j = 0; j < nv; j++)
            {
                var a = (i * nv) + j;
                var b = (((i + 1) % nu) * nv) + j;
                var c = (((i + 1) % nu) * nv) + ((j + 1) % nv);
                var d = (i * nv) + ((j + 1) % nv);
                tri[t++] = a; tri[t++] = b; tri[t++] = c;
                tri[t++] = a; tri[t++] = c; tri[t++] = d;
            }
        }
        return TriangleMesh.Own(pos, tri);
    }

    /// <summary>A torus around z (no bumps): <see cref="BumpyTorus"/> with a1 = a2 = 0.</summary>
    /// <param name="nu">Segments around the main axis.</param>
    /// <param name="nv">Segments around the tube.</param>
    /// <param name="majorRadius">R.</param>
    /// <param name="minorRadius">r.</param>
    /// <returns>A closed genus-1 mesh.</returns>
    public static TriangleMesh Torus(int nu, int nv, double majorRadius = 1.0, double minorRadius = 0.4)
        => BumpyTorus(nu, nv, majorRadius, minorRadius, 0, 0);

    /// <summary>An icosphere: the icosahedron split 1-to-4 <paramref name="levels"/> times with re-projection to the
    /// unit sphere.</summary>
    /// <param name="levels">Number of splits (0–7).</param>
    /// <returns>A closed genus-0 mesh with 20·4^levels faces.</returns>
    /// <exception cref="TesseraArgumentException">levels outside [0, 7].</exception>
    public static TriangleMesh Icosphere(int levels)
    {
        Guard.That(levels is >= 0 and <= 7, nameof(levels), $"must lie in [0, 7] (got {levels})");
        var phi = (1 + Math.Sqrt(5)) / 2;
        var pos = new List<Vec3>
        {
            new(-1, phi, 0), new(1, phi, 0), new(-1, -phi, 0), new(1, -phi, 0),
            new(0, -1, phi), new(0, 1, phi), new(0, -1, -phi), new(0, 1, -phi),
            new(phi, 0, -1), new(phi, 0, 1), new(-phi, 0, -1), new(-phi, 0, 1),
        };
        for (var i = 0; i < pos.Count; i++) { pos[i] = pos[i].Normalized(); }
        var tri = new List<int>
        {
            0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1,
        };
        for (var l = 0; l < levels; l++)
        {
            var mid = new Dictionary<(int, int), int>();
            int Mid(int a, int b)
            {
                var key = a < b ? (a, b) : (b, a);
                if (mid.TryGetValue(key, out var m)) { return m; }
                m = pos.Count;
                pos.Add((0.5 * (pos[a] + pos[b])).Normalized());
                mid.Add(key, m);
                return m;
            }
            var next = new List<int>(tri.Count * 4);
            for (var i = 0; i < tri.Count; i += 3)
            {
                int a = tri[i], b = tri[i + 1], c = tri[i + 2];
                int ab = Mid(a, b), bc = Mid(b, c), ca = Mid(c, a);
                next.AddRange([a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca]);
            }
            tri = next;
        }
        return TriangleMesh.Own([.. pos], [.. tri]);
    }
}
