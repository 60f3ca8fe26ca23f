namespace Tessera.Data.World;

/// <summary>Outlines, inside tests and keypoints of the world's shapes (x right, y down; rotation counter-clockwise on screen).</summary>
internal sealed class ShapeGeometry
{
    private const double RingInner = 0.55;
    private readonly (double X, double Y)[] _polygon;

    public ShapeGeometry(ShapeKind kind, double cx, double cy, double radius, double rotation)
    {
        Kind = kind;
        Cx = cx;
        Cy = cy;
        Radius = radius;
        Rotation = rotation;
        _polygon = kind switch
        {
            ShapeKind.Circle or ShapeKind.Ring => Regular(32, 1, 0),
            ShapeKind.Square => Regular(4, 1, Math.PI / 4),
            ShapeKind.Triangle => Regular(3, 1, Math.PI / 2),
            ShapeKind.Hexagon => Regular(6, 1, 0),
            ShapeKind.Star => StarPoints(),
            _ => CrossPoints(),
        };
        // Circles and rings use the exact distance test; the 32-gon is their annotation outline only.
        var bound = _polygon.Max(q => Math.Sqrt(((q.X - cx) * (q.X - cx)) + ((q.Y - cy) * (q.Y - cy))));
        _bound2 = Math.Max(bound, radius) * Math.Max(bound, radius);
    }

    private readonly double _bound2;

    public ShapeKind Kind { get; }

    public double Cx { get; }

    public double Cy { get; }

    public double Radius { get; }

    public double Rotation { get; }

    /// <summary>The unoccluded outline polygon in pixels.</summary>
    public IReadOnlyList<(double X, double Y)> Polygon => _polygon;

    /// <summary>Pixel-centre inside test.</summary>
    public bool Contains(double x, double y)
    {
        var dx = x - Cx;
        var dy = y - Cy;
        var d2 = (dx * dx) + (dy * dy);
        var r2 = Radius * Radius;
        switch (Kind)
        {
            case ShapeKind.Circle:
                return d2 <= r2;
            case ShapeKind.Ring:
                return d2 <= r2 && d2 >= RingInner * RingInner * r2;
            default:
                if (d2 > _bound2) { return false; }
                var inside = false;
                var p = _polygon;
                for (int i = 0, j = p.Length - 1; i < p.Length; j = i++)
                {
                    if ((p[i].Y > y) != (p[j].Y > y) && x < ((p[j].X - p[i].X) * (y - p[i].Y) / (p[j].Y - p[i].Y)) + p[i].X)
                    {
                        inside = !inside;
                    }
                }
                return inside;
        }
    }

    /// <summary>Keypoints: polygon vertices (squares, triangles, hexagons), the 5 tips of a star, the 4 arm ends of a cross,
    /// 4 rim points of circles and rings (at the rotation angle and every 90° from it).</summary>
    public (double X, double Y)[] Keypoints() => Kind switch
    {
        ShapeKind.Circle or ShapeKind.Ring => Regular(4, 1, 0),
        ShapeKind.Star => [.. Enumerable.Range(0, 5).Select(k => _polygon[2 * k])],
        ShapeKind.Cross => Regular(4, 1, Math.PI / 2),
        _ => _polygon,
    };

    /// <summary>Keypoint names per shape, as written to COCO categories.</summary>
    public static IReadOnlyList<string> KeypointNames(ShapeKind kind) => kind switch
    {
        ShapeKind.Circle or ShapeKind.Ring => ["rim0", "rim90", "rim180", "rim270"],
        ShapeKind.Square => ["v0", "v1", "v2", "v3"],
        ShapeKind.Triangle => ["v0", "v1", "v2"],
        ShapeKind.Hexagon => ["v0", "v1", "v2", "v3", "v4", "v5"],
        ShapeKind.Star => ["tip0", "tip1", "tip2", "tip3", "tip4"],
        _ => ["arm0", "arm1", "arm2", "arm3"],
    };

    private (double X, double Y) Point(double r, double angle)
    {
        var (s, c) = Math.SinCos(angle + Rotation);
        return (Cx + (Radius * r * c), Cy - (Radius * r * s));
    }

    private (double X, double Y)[] Regular(int n, double r, double phase) =>
        [.. Enumerable.Range(0, n).Select(k => Point(r, phase + (2 * Math.PI * k / n)))];

    private (double X, double Y)[] StarPoints() =>
        [.. Enumerable.Range(0, 10).Select(k => Point(k % 2 == 0 ? 1 : 0.45, (Math.PI / 2) + (Math.PI * k / 5)))];

    private (double X, double Y)[] CrossPoints()
    {
        const double w = 0.34;
        (double U, double V)[] local = [(w, 1), (w, w), (1, w), (1, -w), (w, -w), (w, -1), (-w, -1), (-w, -w), (-1, -w), (-1, w), (-w, w), (-w, 1)];
        return [.. local.Select(p =>
        {
            var r = Math.Sqrt((p.U * p.U) + (p.V * p.V));
            return Point(r, Math.Atan2(p.V, p.U));
        })];
    }
}
