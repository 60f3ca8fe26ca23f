using System.Text;
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
    private const string HistoryMagic = "tessera-loss-history/1";
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

    /// <summary>Writes the history (T, history length, per-step counts, the losses as float64) so that a restored sampler
    /// draws exactly what this one would.</summary>
    /// <param name="stream">Destination (left open).</param>
    public void WriteHistory(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(HistoryMagic);
        writer.Write(_counts.Length);
        writer.Write(HistoryPerTerm);
        for (var t = 0; t < _counts.Length; t++)
        {
            writer.Write(_counts[t]);
            for (var k = 0; k < HistoryPerTerm; k++) { writer.Write(_history[t, k]); }
        }
    }

    /// <summary>Replaces the history with one written by <see cref="WriteHistory"/>.</summary>
    /// <param name="stream">Source (left open).</param>
    /// <param name="source">Name of the source for error messages (e.g. the file path).</param>
    /// <exception cref="TesseraFormatException">The data is not a history, or was written for another T or history length.</exception>
    public void ReadHistory(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadString() != HistoryMagic) { throw new TesseraFormatException(source, "byte 0", $"is not a loss-aware sampler history ({HistoryMagic})"); }
            var steps = reader.ReadInt32();
            var perTerm = reader.ReadInt32();
            if (steps != _counts.Length || perTerm != HistoryPerTerm)
            {
                throw new TesseraFormatException(source, null, $"holds a history for T = {steps} with {perTerm} losses per step, not T = {_counts.Length} with {HistoryPerTerm}");
            }
            var counts = new int[steps];
            var history = new double[steps, perTerm];
            for (var t = 0; t < steps; t++)
            {
                counts[t] = reader.ReadInt32();
                if (counts[t] < 0 || counts[t] > perTerm) { throw new TesseraFormatException(source, null, $"step {t} has {counts[t]} losses (must be 0…{perTerm})"); }
                for (var k = 0; k < perTerm; k++) { history[t, k] = reader.ReadDouble(); }
            }
            if (stream.CanSeek && stream.Position != stream.Length) { throw new TesseraFormatException(source, null, "has trailing bytes after the history"); }
            Array.Copy(counts, _counts, steps);
            Array.Copy(history, _history, history.Length);
        }
        catch (EndOfStreamException)
        {
            throw new TesseraFormatException(source, null, "is truncated");
        }
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
