using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Diffusion.Training;

/// <summary>Importance sampling from a weight vector (shared by the samplers).</summary>
internal static class TimestepSampling
{
    public static (long[] Timesteps, float[] Weights) Draw(double[] w, int batchSize, IRandom random)
    {
        Guard.Positive(batchSize);
        ArgumentNullException.ThrowIfNull(random);
        var total = w.Sum();
        var cdf = new double[w.Length];
        var acc = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            acc += w[i] / total;
            cdf[i] = acc;
        }
        var ts = new long[batchSize];
        var weights = new float[batchSize];
        for (var b = 0; b < batchSize; b++)
        {
            var u = random.NextDouble();
            var idx = Array.BinarySearch(cdf, u);
            if (idx < 0) { idx = ~idx; }
            idx = Math.Min(idx, w.Length - 1);
            ts[b] = idx;
            weights[b] = (float)(1.0 / (w.Length * (w[idx] / total)));
        }
        return (ts, weights);
    }
}
