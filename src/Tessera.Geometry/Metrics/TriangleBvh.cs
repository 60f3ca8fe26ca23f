namespace Tessera.Geometry.Metrics;

/// <summary>Bounding-volume hierarchy over a mesh's faces for exact nearest-distance queries (median split on
/// the longest axis of the centroid bounds, leaves of up to 4 faces).</summary>
internal sealed class TriangleBvh
{
    private const int LeafSize = 4;
    private readonly Vec3[] _a;
    private readonly Vec3[] _b;
    private readonly Vec3[] _c;
    private readonly List<Node> _nodes = [];
    private readonly int[] _order;

    private struct Node
    {
        public Vec3 Min;
        public Vec3 Max;
        public int Left;   // child index, or -1 for a leaf
        public int Right;
        public int Start;  // leaf range in _order
        public int Count;
    }

    public TriangleBvh(TriangleMesh mesh)
    {
        var faces = Enumerable.Range(0, mesh.FaceCount).ToArray();
        _a = new Vec3[faces.Length];
        _b = new Vec3[faces.Length];
        _c = new Vec3[faces.Length];
        var centroid = new Vec3[faces.Length];
        for (var f = 0; f < faces.Length; f++)
        {
            var (i, j, k) = mesh.Face(f);
            _a[f] = mesh.Positions[i];
            _b[f] = mesh.Positions[j];
            _c[f] = mesh.Positions[k];
            centroid[f] = (_a[f] + _b[f] + _c[f]) / 3.0;
        }
        _order = faces;
        if (faces.Length > 0) { Build(centroid, 0, faces.Length); }
    }

    private int Build(Vec3[] centroid, int start, int count)
    {
        var min = new Vec3(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        var max = -min;
        var cmin = min;
        var cmax = max;
        for (var i = start; i < start + count; i++)
        {
            var f = _order[i];
            min = Vec3.Min(min, Vec3.Min(_a[f], Vec3.Min(_b[f], _c[f])));
            max = Vec3.Max(max, Vec3.Max(_a[f], Vec3.Max(_b[f], _c[f])));
            cmin = Vec3.Min(cmin, centroid[f]);
            cmax = Vec3.Max(cmax, centroid[f]);
        }
        var index = _nodes.Count;
        _nodes.Add(new Node { Min = min, Max = max, Left = -1, Right = -1, Start = start, Count = count });
        if (count <= LeafSize) { return index; }
        var ext = cmax - cmin;
        var axis = ext.X >= ext.Y && ext.X >= ext.Z ? 0 : ext.Y >= ext.Z ? 1 : 2;
        var span = _order.AsSpan(start, count);
        var keys = new double[count];
        for (var i = 0; i < count; i++) { keys[i] = centroid[span[i]][axis]; }
        var items = span.ToArray();
        Array.Sort(keys, items);
        items.CopyTo(span);
        var half = count / 2;
        var left = Build(centroid, start, half);
        var right = Build(centroid, start + half, count - half);
        var n = _nodes[index];
        n.Left = left;
        n.Right = right;
        _nodes[index] = n;
        return index;
    }

    private static double BoxDistance2(in Node n, Vec3 p)
    {
        var dx = Math.Max(Math.Max(n.Min.X - p.X, 0), p.X - n.Max.X);
        var dy = Math.Max(Math.Max(n.Min.Y - p.Y, 0), p.Y - n.Max.Y);
        var dz = Math.Max(Math.Max(n.Min.Z - p.Z, 0), p.Z - n.Max.Z);
        return (dx * dx) + (dy * dy) + (dz * dz);
    }

    /// <summary>Squared distance from p to the nearest face. <paramref name="hint"/> is a face to start from
    /// (updated to the nearest face found), which makes coherent query sequences fast.</summary>
    public double NearestSquared(Vec3 p, ref int hint, Stack<int> stack)
    {
        if (_nodes.Count == 0) { return double.PositiveInfinity; }
        var best = double.PositiveInfinity;
        if ((uint)hint < (uint)_a.Length)
        {
            best = ClosestPoint.SquaredDistance(p, _a[hint], _b[hint], _c[hint]);
        }
        stack.Clear();
        stack.Push(0);
        var nodes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_nodes);
        while (stack.Count > 0)
        {
            ref readonly var n = ref nodes[stack.Pop()];
            if (BoxDistance2(n, p) >= best) { continue; }
            if (n.Left < 0)
            {
                for (var i = n.Start; i < n.Start + n.Count; i++)
                {
                    var f = _order[i];
                    var d = ClosestPoint.SquaredDistance(p, _a[f], _b[f], _c[f]);
                    if (d < best) { best = d; hint = f; }
                }
                continue;
            }
            var dl = BoxDistance2(nodes[n.Left], p);
            var dr = BoxDistance2(nodes[n.Right], p);
            if (dl < dr)
            {
                if (dr < best) { stack.Push(n.Right); }
                if (dl < best) { stack.Push(n.Left); }
            }
            else
            {
                if (dl < best) { stack.Push(n.Left); }
                if (dr < best) { stack.Push(n.Right); }
            }
        }
        return best;
    }
}
