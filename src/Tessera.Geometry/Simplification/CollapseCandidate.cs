namespace Tessera.Geometry.Simplification;

/// <summary>A proposed edge collapse: <see cref="Remove"/> merges into <see cref="Keep"/>, which moves to
/// <see cref="Target"/>.</summary>
/// <param name="Keep">Surviving vertex.</param>
/// <param name="Remove">Vertex that disappears.</param>
/// <param name="Target">New position of the surviving vertex.</param>
/// <param name="QuadricError">Quadric error of the target (the base cost).</param>
public readonly record struct CollapseCandidate(int Keep, int Remove, Vec3 Target, double QuadricError);
