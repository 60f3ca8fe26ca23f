using System.Globalization;
using Tessera.Geometry;
using Tessera.Geometry.Metrics;
using Tessera.Geometry.Simplification;
using Tessera.Geometry.Subdivision;
using Tessera.Geometry.Topology;
using Tessera.Geometry.Triangulation;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Mesh;

/// <summary>Meshes: Loop and √3 subdivision, QEM simplification and ear clipping on procedural meshes, with the
/// topology table of every mesh shown.</summary>
internal sealed class MeshSection : IDemoSection
{
    /// <inheritdoc />
    public string Title => "Meshes: subdivision, simplification, triangulation";

    /// <inheritdoc />
    public string Id => "mesh";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<IReadOnlyList<string>>();
        void Show(string name, TriangleMesh mesh, string caption, string color = "#4a7bd0")
        {
            section.WriteFile(name + ".svg", MeshSvg.Render(mesh, baseColor: color));
            section.PictureFile(name + ".svg", caption);
            var r = TopologyAnalyzer.Analyze(mesh);
            rows.Add([name, r.Vertices.ToString(inv), r.Edges.ToString(inv), r.Faces.ToString(inv), r.BoundaryLoops.ToString(inv),
                r.EulerCharacteristic.ToString(inv), r.Genus?.ToString(inv) ?? "–", r.Manifold ? "yes" : "no", r.Closed ? "yes" : "no"]);
        }

        section.Paragraph("Loop subdivision (OpenMesh/CGAL rules, boundary included) of a coarse torus, two steps.");
        var torus = MeshGenerators.Torus(12, 6);
        Show("torus", torus, "torus 12×6");
        Show("torus_loop2", LoopSubdivision.Apply(torus, 2, null, cancellationToken), "Loop × 2");
        cancellationToken.ThrowIfCancellationRequested();

        section.Paragraph("√3 subdivision of an open height field: the second step applies the boundary rule (each boundary edge gets two new points).");
        var grid = HeightField(6);
        Show("grid", grid, "open 6×6 height field", "#4aa06a");
        Show("grid_sqrt3_1", Sqrt3Subdivision.Apply(grid, 1, null, cancellationToken), "√3 × 1", "#4aa06a");
        Show("grid_sqrt3_2", Sqrt3Subdivision.Apply(grid, 2, null, cancellationToken), "√3 × 2", "#4aa06a");
        cancellationToken.ThrowIfCancellationRequested();

        section.Paragraph("QEM edge collapse (Garland–Heckbert, topology preserving) of the benchmark's bumpy torus at 96×48, to 10 % and 2 % of its faces.");
        var bumpy = MeshGenerators.BumpyTorus(96, 48);
        Show("bumpy", bumpy, $"bumpy torus, {bumpy.FaceCount} faces", "#c0703a");
        var distances = new List<IReadOnlyList<string>>();
        foreach (var pct in new[] { 10, 2 })
        {
            var target = bumpy.FaceCount * pct / 100;
            var simplified = QemSimplification.Apply(bumpy, new QemOptions { TargetFaces = target }, null, cancellationToken);
            Show($"bumpy_qem_{pct}", simplified, $"QEM to {pct} % ({simplified.FaceCount} faces)", "#c0703a");
            var d = SurfaceDistance.Measure(bumpy, simplified, 200_000, cancellationToken);
            distances.Add([$"{pct} %", simplified.FaceCount.ToString(inv), (d.Hausdorff / d.BoundingDiagonal).ToString("G3", inv),
                (d.Mean / d.BoundingDiagonal).ToString("G3", inv)]);
        }

        section.Paragraph("Topology of every mesh above (χ = V − E + F; genus from χ and the boundary loops per component).");
        section.Table(["mesh", "V", "E", "F", "boundary loops", "χ", "genus", "2-manifold", "closed"], rows);
        section.Paragraph("Simplification error (deterministic lattice sampling, N = 200,000 per surface; relative to the bbox diagonal):");
        section.Table(["target", "faces", "Hausdorff / diag", "mean / diag"], distances);

        section.Paragraph("Ear clipping of a polygon with two holes (bridged to the outer ring): n + 2h − 2 triangles, no Steiner points.");
        var polygon = new Polygon2(
            [new Vec2(0, 0), new Vec2(20, 0), new Vec2(20, 10), new Vec2(12, 6), new Vec2(0, 10)],
            [[new Vec2(2, 2), new Vec2(2, 8), new Vec2(8, 5)], [new Vec2(11, 2), new Vec2(13, 4), new Vec2(17, 2)]]);
        var tris = EarClipping.Triangulate(polygon);
        var flat = new TriangleMesh([.. polygon.AllPoints().Select(p => new Vec3(p.X, p.Y, 0))], tris);
        section.WriteFile("polygon.svg", MeshSvg.Render(flat, 360, 0, 90, "#8a6ad0"));
        section.PictureFile("polygon.svg", $"{tris.Length / 3} triangles for {polygon.PointCount} vertices and 2 holes");
    }

    private static TriangleMesh HeightField(int n)
    {
        var pos = new List<Vec3>();
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= n; j++)
            {
                double x = (double)j / n, y = (double)i / n;
                pos.Add(new Vec3(x, y, 0.15 * Math.Sin(2 * Math.PI * x) * Math.Sin(2 * Math.PI * y)));
            }
        }
        var tri = new List<int>();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var a = (i * (n + 1)) + j;
                tri.AddRange([a, a + 1, a + n + 2, a, a + n + 2, a + n + 1]);
            }
        }
        return new TriangleMesh([.. pos], [.. tri]);
    }
}
