using Tessera.Core.Random;

namespace Tessera.Diffusion.Training;

/// <summary>
/// Draws training timesteps and their importance weights (improved-diffusion's <c>ScheduleSampler</c>): t is drawn
/// with probability pₜ ∝ wₜ and its loss is weighted by 1/(T·pₜ), so the expected objective is unchanged.
/// </summary>
public interface ITimestepSampler
{
    /// <summary>The current unnormalised weight of each step.</summary>
    /// <returns>T positive weights.</returns>
    double[] Weights();

    /// <summary>Draws a batch of timesteps.</summary>
    /// <param name="batchSize">N.</param>
    /// <param name="random">Source of randomness.</param>
    /// <returns>The steps and their importance weights.</returns>
    (long[] Timesteps, float[] Weights) Sample(int batchSize, IRandom random);

    /// <summary>Records the losses observed at some timesteps (no-op for non-adaptive samplers).</summary>
    /// <param name="timesteps">Steps.</param>
    /// <param name="losses">Their per-sample losses.</param>
    void Update(IReadOnlyList<long> timesteps, IReadOnlyList<double> losses);
}
