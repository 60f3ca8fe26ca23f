namespace Tessera.Geometry.Simplification;

/// <summary>A symmetric 4×4 error quadric (Garland–Heckbert) stored as its 10 distinct entries.</summary>
internal struct Quadric
{
    public double A2, AB, AC, AD, B2, BC, BD, C2, CD, D2;

    /// <summary>w · (n·x + d)² for the plane through p with unit normal n.</summary>
    public static Quadric FromPlane(Vec3 n, Vec3 p, double w)
    {
        var d = -Vec3.Dot(n, p);
        return new Quadric
        {
            A2 = w * n.X * n.X, AB = w * n.X * n.Y, AC = w * n.X * n.Z, AD = w * n.X * d,
            B2 = w * n.Y * n.Y, BC = w * n.Y * n.Z, BD = w * n.Y * d,
            C2 = w * n.Z * n.Z, CD = w * n.Z * d,
            D2 = w * d * d,
        };
    }

    public void Add(in Quadric q)
    {
        A2 += q.A2; AB += q.AB; AC += q.AC; AD += q.AD; B2 += q.B2; BC += q.BC; BD += q.BD; C2 += q.C2; CD += q.CD; D2 += q.D2;
    }

    public static Quadric Sum(in Quadric a, in Quadric b)
    {
        var s = a;
        s.Add(b);
        return s;
    }

    public readonly double Evaluate(Vec3 p)
    {
        double x = p.X, y = p.Y, z = p.Z;
        var e = (A2 * x * x) + (2 * AB * x * y) + (2 * AC * x * z) + (2 * AD * x)
              + (B2 * y * y) + (2 * BC * y * z) + (2 * BD * y)
              + (C2 * z * z) + (2 * CD * z) + D2;
        return Math.Max(e, 0);
    }

    /// <summary>The minimiser, if the 3×3 system is well conditioned.</summary>
    public readonly bool TryOptimal(out Vec3 p)
    {
        // Solve [A2 AB AC; AB B2 BC; AC BC C2] x = -[AD BD CD] by Cramer's rule.
        var c00 = (B2 * C2) - (BC * BC);
        var c01 = (AC * BC) - (AB * C2);
        var c02 = (AB * BC) - (AC * B2);
        var det = (A2 * c00) + (AB * c01) + (AC * c02);
        var scale = Math.Abs(A2) + Math.Abs(B2) + Math.Abs(C2);
        if (scale == 0 || Math.Abs(det) < 1e-10 * scale * scale * scale)
        {
            p = default;
            return false;
        }
        var c11 = (A2 * C2) - (AC * AC);
        var c12 = (AB * AC) - (A2 * BC);
        var c22 = (A2 * B2) - (AB * AB);
        var inv = 1.0 / det;
        p = new Vec3(
            -((c00 * AD) + (c01 * BD) + (c02 * CD)) * inv,
            -((c01 * AD) + (c11 * BD) + (c12 * CD)) * inv,
            -((c02 * AD) + (c12 * BD) + (c22 * CD)) * inv);
        return p.IsFinite;
    }
}
