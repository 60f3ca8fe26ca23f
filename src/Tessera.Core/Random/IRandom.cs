namespace Tessera.Core.Random;

/// <summary>
/// A source of random numbers passed explicitly to everything that draws (no global RNG). Implementations are
/// not thread-safe: give each worker its own stream via <see cref="Stream(ulong)"/>.
/// </summary>
public interface IRandom
{
    /// <summary>The next 64 uniformly random bits.</summary>
    /// <returns>A uniformly distributed value.</returns>
    ulong NextUInt64();

    /// <summary>A uniformly distributed double in [0, 1) with 53 random bits.</summary>
    /// <returns>The value.</returns>
    double NextDouble();

    /// <summary>A uniformly distributed integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    /// <param name="minInclusive">Lower bound.</param>
    /// <param name="maxExclusive">Upper bound; must exceed <paramref name="minInclusive"/>.</param>
    /// <returns>The value.</returns>
    int NextInt(int minInclusive, int maxExclusive);

    /// <summary>A uniformly distributed double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound.</param>
    /// <returns>The value.</returns>
    double Uniform(double low, double high);

    /// <summary>A standard normal sample (mean 0, deviation 1).</summary>
    /// <returns>The value.</returns>
    double NextGaussian();

    /// <summary>An independent generator for stream <paramref name="streamId"/> (e.g. a sample index) of the same seed.</summary>
    /// <param name="streamId">The stream id.</param>
    /// <returns>A new generator; its numbers depend only on (seed, stream id).</returns>
    IRandom Stream(ulong streamId);
}
