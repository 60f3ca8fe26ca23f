using Tessera.Core.Errors;
using Tessera.Diffusion.Evaluation;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Tests.Evaluation;

public sealed class FrechetDistanceTests
{
    private static Tensor Matrix(double[,] m) => tensor(m);

    [Fact]
    public void Compute_OneDimensional_IsMeanGapSquaredPlusStdGapSquared()
    {
        using var scope = NewDisposeScope();
        // N(1, 4) vs N(-2, 9): (1 + 2)² + (2 − 3)² = 10
        var d = FrechetDistance.Compute(tensor(new[] { 1.0 }), Matrix(new double[,] { { 4 } }), tensor(new[] { -2.0 }), Matrix(new double[,] { { 9 } }));
        Assert.Equal(10.0, d, 12);
    }

    [Fact]
    public void Compute_NonCommutingCovariances_MatchesTheTwoByTwoClosedForm()
    {
        using var scope = NewDisposeScope();
        // For 2×2 A = Σ₁Σ₂ with eigenvalues λ₁, λ₂ ≥ 0: tr √A = √λ₁ + √λ₂ = √(tr A + 2 √det A).
        // Σ₁ = [[2, 1], [1, 2]], Σ₂ = diag(1, 4): Σ₁Σ₂ = [[2, 4], [1, 8]], tr 10, det 3·4 = 12.
        var expectedTraceSqrt = Math.Sqrt(10 + (2 * Math.Sqrt(12)));
        var expected = ((0 - 1) * (0 - 1)) + ((0 - 2) * (0 - 2)) + 4 + 5 - (2 * expectedTraceSqrt); // ≈ 5.77122
        var d = FrechetDistance.Compute(tensor(new[] { 0.0, 0.0 }), Matrix(new double[,] { { 2, 1 }, { 1, 2 } }),
            tensor(new[] { 1.0, 2.0 }), Matrix(new double[,] { { 1, 0 }, { 0, 4 } }));
        Assert.Equal(expected, d, 10);
        Assert.Equal(5.77122, d, 4);
        // symmetric in its arguments
        var swapped = FrechetDistance.Compute(tensor(new[] { 1.0, 2.0 }), Matrix(new double[,] { { 1, 0 }, { 0, 4 } }),
            tensor(new[] { 0.0, 0.0 }), Matrix(new double[,] { { 2, 1 }, { 1, 2 } }));
        Assert.Equal(d, swapped, 10);
    }

    [Fact]
    public void Compute_SameGaussian_IsZeroEvenWhenSingular()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new[] { 1.0, 2.0, 3.0 });
        var singular = v.outer(v); // rank 1
        Assert.Equal(0.0, FrechetDistance.Compute(v, singular, v, singular), 6);
        var full = Matrix(new double[,] { { 3, 1, 0 }, { 1, 2, 0.5 }, { 0, 0.5, 1 } });
        Assert.Equal(0.0, FrechetDistance.Compute(v, full, v, full), 9);
    }

    [Fact]
    public void SqrtPsd_SquaresBackToTheMatrix()
    {
        using var scope = NewDisposeScope();
        var m = Matrix(new double[,] { { 3, 1, 0 }, { 1, 2, 0.5 }, { 0, 0.5, 1 } });
        var r = FrechetDistance.SqrtPsd(m);
        Assert.True((r.matmul(r) - m).abs().max().item<double>() < 1e-12);
        Assert.True((r - r.t()).abs().max().item<double>() < 1e-12);
        // [[4, 0], [0, 9]] → [[2, 0], [0, 3]]
        var d = FrechetDistance.SqrtPsd(Matrix(new double[,] { { 4, 0 }, { 0, 9 } }));
        Assert.Equal(new[] { 2.0, 0, 0, 3.0 }, d.reshape(-1).data<double>().ToArray().Select(x => Math.Round(x, 12)));
    }

    [Fact]
    public void FromFeatures_UsesUnbiasedCovariance()
    {
        using var scope = NewDisposeScope();
        // rows {0, 2} and {1, 1, 4}: means 1 and 2, unbiased variances 2 and 3 → (1 − 2)² + 2 + 3 − 2√6
        var a = tensor(new[] { 0.0, 2.0 }).unsqueeze(1);
        var b = tensor(new[] { 1.0, 1.0, 4.0 }).unsqueeze(1);
        Assert.Equal(1 + 2 + 3 - (2 * Math.Sqrt(6)), FrechetDistance.FromFeatures(a, b), 10);
    }

    [Fact]
    public void Compute_ShapeMismatch_Throws()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<TesseraArgumentException>(() => FrechetDistance.Compute(zeros(2, ScalarType.Float64), eye(2), zeros(3, ScalarType.Float64), eye(3)));
        Assert.Throws<TesseraArgumentException>(() => FrechetDistance.Statistics(zeros(1, 4)));
    }
}
