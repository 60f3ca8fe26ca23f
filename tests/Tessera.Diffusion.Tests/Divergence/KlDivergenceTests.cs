using Tessera.Core.Errors;
using Tessera.Diffusion.Divergence;

namespace Tessera.Diffusion.Tests.Divergence;

public sealed class KlDivergenceTests
{
    [Fact]
    public void Discrete_UnnormalisedInputs_EqualsNormalised()
    {
        var a = KlDivergence.Discrete([1.0, 2.0, 7.0], [3.0, 3.0, 4.0]);
        var b = KlDivergence.Discrete([0.1, 0.2, 0.7], [0.3, 0.3, 0.4]);

        Assert.Equal(b, a, 12);
    }

    [Fact]
    public void Discrete_ZeroInQWherePPositive_IsInfinity()
    {
        Assert.Equal(double.PositiveInfinity, KlDivergence.Discrete([0.5, 0.5], [1.0, 0.0]));
    }

    [Fact]
    public void Discrete_ZeroInP_TermContributesNothing()
    {
        var kl = KlDivergence.Discrete([0.0, 1.0], [0.5, 0.5]);

        Assert.Equal(Math.Log(2), kl, 14);
    }

    [Fact]
    public void Discrete_Bits_IsNatsOverLog2()
    {
        double[] p = [0.1, 0.4, 0.5];
        double[] q = [0.8, 0.15, 0.05];

        Assert.Equal(KlDivergence.Discrete(p, q) / Math.Log(2), KlDivergence.Discrete(p, q, LogBase.Bits), 14);
    }

    [Fact]
    public void Symmetric_IsSumOfBothDirections()
    {
        double[] p = [0.2, 0.3, 0.5];
        double[] q = [0.4, 0.4, 0.2];

        Assert.Equal(KlDivergence.Discrete(p, q) + KlDivergence.Discrete(q, p), KlDivergence.Symmetric(p, q), 14);
    }

    [Fact]
    public void JensenShannon_DisjointSupports_IsLog2()
    {
        Assert.Equal(Math.Log(2), KlDivergence.JensenShannon([1.0, 0.0], [0.0, 1.0]), 14);
        Assert.Equal(1.0, KlDivergence.JensenShannon([1.0, 0.0], [0.0, 1.0], LogBase.Bits), 14);
    }

    [Fact]
    public void JensenShannon_IsSymmetricAndZeroForEqualInputs()
    {
        double[] p = [0.2, 0.3, 0.5];
        double[] q = [0.4, 0.4, 0.2];

        Assert.Equal(KlDivergence.JensenShannon(p, q), KlDivergence.JensenShannon(q, p), 15);
        Assert.Equal(0.0, KlDivergence.JensenShannon(p, p), 15);
    }

    [Fact]
    public void Discrete_InputsNotMutated()
    {
        double[] p = [1.0, 3.0];
        double[] q = [2.0, 2.0];

        KlDivergence.Discrete(p, q);

        Assert.Equal([1.0, 3.0], p);
        Assert.Equal([2.0, 2.0], q);
    }

    [Fact]
    public void Discrete_NegativeMass_ThrowsNamingArgument()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => KlDivergence.Discrete([0.5, -0.1], [0.5, 0.5]));

        Assert.Equal("p", e.ParamName);
        Assert.Contains("negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discrete_LengthMismatch_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => KlDivergence.Discrete([0.5, 0.5], [0.2, 0.3, 0.5]));

        Assert.Equal("q", e.ParamName);
    }

    [Fact]
    public void Discrete_NaN_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => KlDivergence.Discrete([0.5, 0.5], [double.NaN, 0.5]));

        Assert.Equal("q", e.ParamName);
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discrete_AllZero_Throws()
    {
        Assert.Throws<TesseraArgumentException>(() => KlDivergence.Discrete([0.0, 0.0], [0.5, 0.5]));
    }

    [Fact]
    public void GaussianKl_UnivariateMatchesLogVarianceForm()
    {
        var a = GaussianKl.Univariate(-0.5, 0.3, 1.5, 2.5);
        var b = GaussianKl.FromLogVariance(-0.5, Math.Log(0.09), 1.5, Math.Log(6.25));

        Assert.Equal(a, b, 12);
    }

    [Fact]
    public void GaussianKl_MultivariateDiagonal_EqualsSumOfUnivariate()
    {
        var kl = GaussianKl.Multivariate([0.0, 1.0], new double[,] { { 1.0, 0.0 }, { 0.0, 4.0 } }, [1.0, -1.0], new double[,] { { 2.0, 0.0 }, { 0.0, 0.5 } });
        var sum = GaussianKl.Univariate(0, 1, 1, Math.Sqrt(2)) + GaussianKl.Univariate(1, 2, -1, Math.Sqrt(0.5));

        Assert.Equal(sum, kl, 12);
    }

    [Fact]
    public void GaussianKl_NotPositiveDefinite_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() =>
            GaussianKl.Multivariate([0.0, 0.0], new double[,] { { 1.0, 2.0 }, { 2.0, 1.0 } }, [0.0, 0.0], new double[,] { { 1.0, 0.0 }, { 0.0, 1.0 } }));

        Assert.Equal("cov1", e.ParamName);
    }

    [Fact]
    public void GaussianKl_NonPositiveStd_Throws()
    {
        Assert.Throws<TesseraArgumentException>(() => GaussianKl.Univariate(0, 0, 0, 1));
    }
}
