using Tessera.Geometry.IO;
using Tessera.TestSupport;

namespace Tessera.Geometry.Tests;

/// <summary>Small meshes for unit tests.</summary>
internal static class TestMeshes
{
    public static TriangleMesh Fixture(string name) => MeshFile.Read(SharedFixtures.Get("mesh", "meshes", name + ".obj"));

    public static TriangleMesh Tetrahedron() => new(
        [new Vec3(1, 1, 1), new Vec3(1, -1, -1), new Vec3(-1, 1, -1), new Vec3(-1, -1, 1)],
        [0, 1, 2, 0, 2, 3, 0, 3, 1, 1, 3, 2]);

    public static TriangleMesh Triangle() => new([new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(0, 1, 0)], [0, 1, 2]);

    /// <summary>Open n×n grid on [0,1]² (one boundary loop).</summary>
    public static TriangleMesh Grid(int n)
    {
        var pos = new List<Vec3>();
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= n; j++) { pos.Add(new Vec3((double)j / n, (double)i / n, 0.1 * Math.Sin(j + i))); }
        }
        var tri = new List<int>();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var a = (i * (n + 1)) + j;
                var b = a + 1;
                var c = a + n + 2;
                var d = a + n + 1;
                tri.AddRange([a, b, c, a, c, d]);
            }
        }
        return new TriangleMesh([.. pos], [.. tri]);
    }

    public static TriangleMesh Bowtie() => new(
        [new Vec3(0, 0, 0), new Vec3(1, 0.5, 0), new Vec3(1, -0.5, 0), new Vec3(-1, 0.5, 0), new Vec3(-1, -0.5, 0)],
        [0, 2, 1, 0, 3, 4]);
}
