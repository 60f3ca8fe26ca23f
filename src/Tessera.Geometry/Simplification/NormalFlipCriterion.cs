using Tessera.Core.Errors;

namespace Tessera.Geometry.Simplification;

/// <summary>Vetoes a collapse that turns any surviving face's normal by more than a maximum angle (default 90°,
/// i.e. no flipped faces) or makes it degenerate.</summary>
public sealed class NormalFlipCriterion : ICollapseCriterion
{
    private readonly double _minCos;
    private readonly List<(int A, int B, int C)> _faces = [];

    /// <summary>Creates the criterion.</summary>
    /// <param name="maxAngleDegrees">Largest allowed rotation of a face normal, in (0, 180].</param>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">Angle outside (0, 180].</exception>
    public NormalFlipCriterion(double maxAngleDegrees = 90)
    {
        Guard.That(maxAngleDegrees > 0 && maxAngleDegrees <= 180, nameof(maxAngleDegrees), $"must lie in (0, 180] (got {maxAngleDegrees})");
        MaxAngleDegrees = maxAngleDegrees;
        _minCos = Math.Cos(maxAngleDegrees * Math.PI / 180.0);
    }

    /// <summary>Largest allowed rotation of a face normal.</summary>
    public double MaxAngleDegrees { get; }

    /// <inheritdoc />
    public double Score(ICollapseView view, in CollapseCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var v in (ReadOnlySpan<int>)[candidate.Keep, candidate.Remove])
        {
            view.IncidentFaces(v, _faces);
            foreach (var (a, b, c) in _faces)
            {
                var hasKeep = a == candidate.Keep || b == candidate.Keep || c == candidate.Keep;
                var hasRemove = a == candidate.Remove || b == candidate.Remove || c == candidate.Remove;
                if (hasKeep && hasRemove) { continue; }
                var pa = view.Position(a);
                var pb = view.Position(b);
                var pc = view.Position(c);
                var before = Vec3.Cross(pb - pa, pc - pa);
                var qa = a == v ? candidate.Target : pa;
                var qb = b == v ? candidate.Target : pb;
                var qc = c == v ? candidate.Target : pc;
                var after = Vec3.Cross(qb - qa, qc - qa);
                var lb = before.Length;
                var la = after.Length;
                if (la <= 1e-14 * Math.Max(lb, 1e-300)) { return double.PositiveInfinity; }
                if (lb == 0) { continue; }
                if (Vec3.Dot(before, after) < _minCos * lb * la) { return double.PositiveInfinity; }
            }
        }
        return 0;
    }
}
