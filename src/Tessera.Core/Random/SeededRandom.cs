using Tessera.Core.Errors;

namespace Tessera.Core.Random;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna, 2018) whose 256-bit state is filled by SplitMix64 from
/// (seed, stream id). This is a stable format: the same seed and stream give the same numbers on every
/// OS, architecture and Tessera version.
/// </summary>
/// <remarks>
/// State initialisation: <c>x = seed ^ (streamId * 0xD1342543DE82EF95)</c>, then four SplitMix64 outputs
/// from <c>x</c> fill s0..s3. <see cref="NextDouble"/> is <c>(next() &gt;&gt; 11) * 2^-53</c>.
/// <see cref="NextGaussian"/> uses the Box–Muller transform with two fresh doubles per call.
/// </remarks>
public sealed class SeededRandom : IRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates the generator for stream 0 of <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public SeededRandom(ulong seed) : this(seed, 0) { }

    /// <summary>Creates the generator for (<paramref name="seed"/>, <paramref name="streamId"/>).</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="streamId">The stream id (e.g. a sample index).</param>
    public SeededRandom(ulong seed, ulong streamId)
    {
        Seed = seed;
        StreamId = streamId;
        var x = seed ^ (streamId * 0xD1342543DE82EF95UL);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    /// <summary>Test hook: a generator with an explicit raw state (reference vectors of xoshiro256**).</summary>
    internal SeededRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The seed this generator was created from.</summary>
    public ulong Seed { get; }

    /// <summary>The stream id this generator was created from.</summary>
    public ulong StreamId { get; }

    /// <inheritdoc />
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <inheritdoc />
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    /// <exception cref="TesseraArgumentException"><paramref name="maxExclusive"/> ≤ <paramref name="minInclusive"/>.</exception>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        Guard.That(maxExclusive > minInclusive, nameof(maxExclusive), $"must exceed minInclusive {minInclusive} (got {maxExclusive})");
        var range = (ulong)((long)maxExclusive - minInclusive);
        // Lemire's nearly-divisionless method on 64 bits.
        var m = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0UL - range) % range;
            while (low < threshold)
            {
                m = Math.BigMul(NextUInt64(), range, out low);
            }
        }
        return (int)(minInclusive + (long)m);
    }

    /// <inheritdoc />
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <inheritdoc />
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble(); // (0, 1]
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <inheritdoc />
    public IRandom Stream(ulong streamId) => new SeededRandom(Seed, streamId);

    internal static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
