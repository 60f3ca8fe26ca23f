using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>PyTorch's <c>nn.init.trunc_normal_</c> (inverse-CDF sampling of a normal truncated to [a, b]), drawing from
/// the global torch generator.</summary>
internal static class TruncatedNormal
{
    /// <summary>Fills <paramref name="tensor"/> in place with N(mean, std²) truncated to [<paramref name="a"/>, <paramref name="b"/>].</summary>
    public static void Fill(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2)
    {
        using var noGrad = torch.no_grad();
        static double Cdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;
        var low = Cdf((a - mean) / std);
        var high = Cdf((b - mean) / std);
        tensor.uniform_((2 * low) - 1, (2 * high) - 1);
        tensor.erfinv_();
        tensor.mul_(std * Math.Sqrt(2));
        tensor.add_(mean);
        tensor.clamp_(a, b);
    }

    /// <summary>Error function: its Maclaurin series (converges to double precision for |x| &lt; 6), ±1 beyond.</summary>
    private static double Erf(double x)
    {
        if (Math.Abs(x) >= 6) { return Math.Sign(x); }
        double sum = x, term = x;
        for (var n = 1; n < 200; n++)
        {
            term *= -x * x / n;
            var add = term / ((2 * n) + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17) { break; }
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
