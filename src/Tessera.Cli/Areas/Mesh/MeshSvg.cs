using System.Globalization;
using System.Text;
using Tessera.Geometry;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Mesh;

/// <summary>Renders a triangle mesh as a flat-shaded SVG with wireframe edges (orthographic view, painter's
/// algorithm: faces drawn back to front).</summary>
internal static class MeshSvg
{
    public static string Render(TriangleMesh mesh, int size = 300, double yawDegrees = 35, double pitchDegrees = 30, string baseColor = "#4a7bd0")
    {
        var inv = CultureInfo.InvariantCulture;
        var yaw = yawDegrees * Math.PI / 180;
        var pitch = pitchDegrees * Math.PI / 180;
        Vec3 View(Vec3 p)
        {
            var x = (p.X * Math.Cos(yaw)) - (p.Y * Math.Sin(yaw));
            var y = (p.X * Math.Sin(yaw)) + (p.Y * Math.Cos(yaw));
            var z = p.Z;
            // Tilt around x: screen up = z rotated towards the viewer.
            var yy = (y * Math.Sin(pitch)) + (z * Math.Cos(pitch));
            var depth = (y * Math.Cos(pitch)) - (z * Math.Sin(pitch));
            return new Vec3(x, yy, depth);
        }
        var pts = new Vec3[mesh.VertexCount];
        for (var i = 0; i < pts.Length; i++) { pts[i] = View(mesh.Positions[i]); }
        var (min, max) = (new Vec3(double.MaxValue, double.MaxValue, 0), new Vec3(double.MinValue, double.MinValue, 0));
        foreach (var p in pts) { min = Vec3.Min(min, p); max = Vec3.Max(max, p); }
        var extent = Math.Max(max.X - min.X, max.Y - min.Y);
        var scale = extent > 0 ? (size - 20) / extent : 1;
        double Sx(Vec3 p) => 10 + ((p.X - min.X) * scale) + (((size - 20) - ((max.X - min.X) * scale)) / 2);
        double Sy(Vec3 p) => size - (10 + ((p.Y - min.Y) * scale) + (((size - 20) - ((max.Y - min.Y) * scale)) / 2));
        var light = new Vec3(0.3, 0.5, -0.8).Normalized();
        var order = Enumerable.Range(0, mesh.FaceCount)
            .Select(f => { var (a, b, c) = mesh.Face(f); return (f, depth: (pts[a].Z + pts[b].Z + pts[c].Z) / 3); })
            .OrderByDescending(t => t.depth).Select(t => t.f);
        var (r0, g0, b0) = (Convert.ToInt32(baseColor[1..3], 16), Convert.ToInt32(baseColor[3..5], 16), Convert.ToInt32(baseColor[5..7], 16));
        var sb = new StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\">");
        sb.Append(inv, $"<rect width=\"{size}\" height=\"{size}\" fill=\"#fbfbfb\"/>");
        var stroke = mesh.FaceCount > 3000 ? 0.15 : 0.5;
        foreach (var f in order)
        {
            var (a, b, c) = mesh.Face(f);
            var n = Vec3.Cross(pts[b] - pts[a], pts[c] - pts[a]).Normalized();
            var shade = 0.25 + (0.75 * Math.Abs(Vec3.Dot(n, light)));
            var fill = string.Create(inv, $"#{(int)(r0 * shade):x2}{(int)(g0 * shade):x2}{(int)(b0 * shade):x2}");
            sb.Append(inv, $"<polygon points=\"{Sx(pts[a]):F1},{Sy(pts[a]):F1} {Sx(pts[b]):F1},{Sy(pts[b]):F1} {Sx(pts[c]):F1},{Sy(pts[c]):F1}\" fill=\"{fill}\" stroke=\"#1d2b44\" stroke-width=\"{stroke}\" stroke-linejoin=\"round\"/>");
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
