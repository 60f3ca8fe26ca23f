namespace Tessera.Data.Synthetic;

/// <summary>Paints filled shapes into a row-major label buffer (pixel centres at integer coordinates).</summary>
internal sealed class Canvas(byte[] pixels, int height, int width)
{
    public void Rect(double top, double left, double bottom, double right, byte label)
    {
        var y0 = Math.Max(0, (int)Math.Ceiling(top));
        var y1 = Math.Min(height - 1, (int)Math.Floor(bottom));
        var x0 = Math.Max(0, (int)Math.Ceiling(left));
        var x1 = Math.Min(width - 1, (int)Math.Floor(right));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++) { pixels[(y * width) + x] = label; }
        }
    }

    public void Ellipse(double cy, double cx, double ry, double rx, double angle, byte label)
    {
        var r = Math.Max(ry, rx);
        var (s, c) = Math.SinCos(angle);
        Fill(cy - r, cx - r, cy + r, cx + r, label, (y, x) =>
        {
            var dy = y - cy;
            var dx = x - cx;
            var u = (dx * c) + (dy * s);
            var v = (-dx * s) + (dy * c);
            return ((u * u) / (rx * rx)) + ((v * v) / (ry * ry)) <= 1;
        });
    }

    public void Polygon((double Y, double X)[] points, byte label)
    {
        var top = points.Min(p => p.Y);
        var bottom = points.Max(p => p.Y);
        var left = points.Min(p => p.X);
        var right = points.Max(p => p.X);
        Fill(top, left, bottom, right, label, (y, x) =>
        {
            var inside = false;
            for (int i = 0, j = points.Length - 1; i < points.Length; j = i++)
            {
                var (yi, xi) = points[i];
                var (yj, xj) = points[j];
                if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi) { inside = !inside; }
            }
            return inside;
        });
    }

    public void Line(double y0, double x0, double y1, double x1, double thickness, byte label)
    {
        var half = thickness / 2;
        var dy = y1 - y0;
        var dx = x1 - x0;
        var len2 = Math.Max(1e-12, (dy * dy) + (dx * dx));
        Fill(Math.Min(y0, y1) - half, Math.Min(x0, x1) - half, Math.Max(y0, y1) + half, Math.Max(x0, x1) + half, label, (y, x) =>
        {
            var t = Math.Clamp((((y - y0) * dy) + ((x - x0) * dx)) / len2, 0, 1);
            var py = y0 + (t * dy) - y;
            var px = x0 + (t * dx) - x;
            return (py * py) + (px * px) <= half * half;
        });
    }

    private void Fill(double top, double left, double bottom, double right, byte label, Func<double, double, bool> inside)
    {
        var y0 = Math.Max(0, (int)Math.Floor(top));
        var y1 = Math.Min(height - 1, (int)Math.Ceiling(bottom));
        var x0 = Math.Max(0, (int)Math.Floor(left));
        var x1 = Math.Min(width - 1, (int)Math.Ceiling(right));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (inside(y, x)) { pixels[(y * width) + x] = label; }
            }
        }
    }
}
