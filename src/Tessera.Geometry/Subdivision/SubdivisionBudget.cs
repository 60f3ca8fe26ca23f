using System.Globalization;
using Tessera.Core.Errors;

namespace Tessera.Geometry.Subdivision;

/// <summary>The output-size bound that subdivision checks before any step runs (each step multiplies the faces by 3 or 4).</summary>
public static class SubdivisionBudget
{
    /// <summary>Default largest output: 20 million triangles (about 1.4 GB of mesh and connectivity).</summary>
    public const long DefaultMaxFaces = 20_000_000;

    /// <summary>The face count after <paramref name="iterations"/> steps that each multiply it by <paramref name="factor"/>.</summary>
    /// <param name="faces">Faces now.</param>
    /// <param name="factor">Growth per step (4 for Loop, 3 for √3).</param>
    /// <param name="iterations">Steps.</param>
    /// <returns>The estimate, saturated at <see cref="long.MaxValue"/>.</returns>
    public static long EstimateFaces(long faces, int factor, int iterations)
    {
        var f = (double)faces * Math.Pow(factor, iterations);
        return f >= long.MaxValue ? long.MaxValue : (long)f;
    }

    internal static void Require(TriangleMesh mesh, int factor, int iterations, long maxFaces, string method)
    {
        Guard.That(maxFaces > 0, nameof(maxFaces), $"must be positive (got {maxFaces})");
        var estimate = EstimateFaces(mesh.FaceCount, factor, iterations);
        Guard.That(estimate <= maxFaces, nameof(iterations), string.Create(CultureInfo.InvariantCulture,
            $"{iterations} {method} step(s) would turn {mesh.FaceCount:N0} faces into {estimate:N0}, more than the limit of {maxFaces:N0} (maxFaces)"));
    }
}
