using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Diffusion.Training;

/// <summary>
/// Loss-aware importance sampling of t (improved-diffusion's <c>LossSecondMomentResampler</c>): once every step has
/// <see cref="HistoryPerTerm"/> recorded losses, pₜ ∝ √E[Lₜ²] over that history, mixed with a uniform probability
/// <see cref="UniformProbability"/>; before that, uniform. Used with L_vlb, whose terms differ by orders of magnitude.
/// </summary>
public sealed class LossAwareTimestepSampler : ITimestepSampler
{
    private readonly double[,] _history;
    private readonly int[] _counts;

    /// <summary>Creates the sampler.</summary>
    /// <param name="steps">T.</param>
    /// <param name="historyPerTerm">Losses remembered per step (10 in the paper).</param>
    /// <param name="uniformProbability">Mixing weight of the uniform distribution.</param>
    /// <exception cref="TesseraArgumentException">A size is not positive or the probability is outside [0, 1].</exception>
    public LossAwareTimestepSampler(int steps, int historyPerTerm = 10, double uniformProbability = 0.001)
    {
        Guard.Positive(steps);
        Guard.Positive(historyPerTerm);
        Guard.InRange(uniformProbability, 0, 1);
        HistoryPerTerm = historyPerTerm;
        UniformProbability = uniformProbability;
        _history = new double[steps, historyPerTerm];
        _counts = new int[steps];
    }

    /// <summary>Losses remembered per step.</summary>
    public int HistoryPerTerm { get; }

    /// <summary>Uniform mixing probability.</summary>
    public double UniformProbability { get; }

    /// <summary>Whether every step has a full history (weights are then loss-aware).</summary>
    public bool WarmedUp => _counts.All(c => c == HistoryPerTerm);

    /// <inheritdoc />
    public double[] Weights()
    {
        var steps = _counts.Length;
        if (!WarmedUp) { return Enumerable.Repeat(1.0, steps).ToArray(); }
        var w = new double[steps];
        for (var t = 0; t < steps; t++)
        {
            var sq = 0.0;
            for (var k = 0; k < HistoryPerTerm; k++) { sq += _history[t, k] * _history[t, k]; }
            w[t] = Math.Sqrt(sq / HistoryPerTerm);
        }
        var total = w.Sum();
        for (var t = 0; t < steps; t++) { w[t] = (w[t] / total * (1 - UniformProbability)) + (UniformProbability / steps); }
        return w;
    }

    /// <inheritdoc />
    public (long[] Timesteps, float[] Weights) Sample(int batchSize, IRandom random) => TimestepSampling.Draw(Weights(), batchSize, random);

    /// <inheritdoc />
    /// <exception cref="TesseraArgumentException">The lists differ in length or a step is out of range.</exception>
    public void Update(IReadOnlyList<long> timesteps, IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(timesteps);
        ArgumentNullException.ThrowIfNull(losses);
        Guard.That(timesteps.Count == losses.Count, nameof(losses), "must have one loss per timestep");
        for (var i = 0; i < timesteps.Count; i++)
        {
            var t = (int)timesteps[i];
            Guard.That(t >= 0 && t < _counts.Length, nameof(timesteps), $"step {t} is outside [0, {_counts.Length})");
            if (_counts[t] == HistoryPerTerm)
            {
                for (var k = 0; k < HistoryPerTerm - 1; k++) { _history[t, k] = _history[t, k + 1]; }
                _history[t, HistoryPerTerm - 1] = losses[i];
            }
            else
            {
                _history[t, _counts[t]] = losses[i];
                _counts[t]++;
            }
        }
    }
}
