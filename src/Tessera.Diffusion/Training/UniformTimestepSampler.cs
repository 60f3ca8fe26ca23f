using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Diffusion.Training;

/// <summary>Every timestep equally likely, all weights 1 (<c>UniformSampler</c>).</summary>
public sealed class UniformTimestepSampler : ITimestepSampler
{
    private readonly int _steps;

    /// <summary>Creates the sampler.</summary>
    /// <param name="steps">T.</param>
    /// <exception cref="TesseraArgumentException"><paramref name="steps"/> is not positive.</exception>
    public UniformTimestepSampler(int steps)
    {
        Guard.Positive(steps);
        _steps = steps;
    }

    /// <inheritdoc />
    public double[] Weights() => Enumerable.Repeat(1.0, _steps).ToArray();

    /// <inheritdoc />
    public (long[] Timesteps, float[] Weights) Sample(int batchSize, IRandom random) => TimestepSampling.Draw(Weights(), batchSize, random);

    /// <inheritdoc />
    public void Update(IReadOnlyList<long> timesteps, IReadOnlyList<double> losses)
    {
    }
}
