using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Sampling;

/// <summary>
/// Noise drawn from one seeded generator per sample: sample i of a run (global index, whatever batch it falls in)
/// always receives the same sequence of draws, so results do not depend on how the run is split into batches.
/// </summary>
public sealed class PerSampleNoise : ISamplingNoise, IDisposable
{
    private readonly Generator[] _generators;

    /// <summary>Creates the streams of samples <paramref name="firstSample"/> … <paramref name="firstSample"/> + <paramref name="count"/> − 1.</summary>
    /// <param name="seed">Run seed.</param>
    /// <param name="firstSample">Global index of the batch's first sample.</param>
    /// <param name="count">Batch size.</param>
    /// <exception cref="TesseraArgumentException"><paramref name="count"/> is not positive or <paramref name="firstSample"/> is negative.</exception>
    public PerSampleNoise(long seed, long firstSample, int count)
    {
        Guard.Positive(count);
        Guard.That(firstSample >= 0, nameof(firstSample), "must not be negative");
        _generators = new Generator[count];
        for (var i = 0; i < count; i++)
        {
            _generators[i] = new Generator(StreamSeed(seed, firstSample + i));
        }
    }

    /// <summary>The seed of sample <paramref name="sample"/>'s stream (a SplitMix64 mix of run seed and index).</summary>
    /// <param name="seed">Run seed.</param>
    /// <param name="sample">Global sample index.</param>
    /// <returns>A 63-bit seed.</returns>
    public static ulong StreamSeed(long seed, long sample)
    {
        unchecked
        {
            var z = ((ulong)seed * 0x9E3779B97F4A7C15UL) + (ulong)sample + 0x632BE59BD9B4E019UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (z ^ (z >> 31)) >> 1;
        }
    }

    /// <inheritdoc />
    /// <exception cref="TesseraArgumentException">The shape's first dimension is not the batch size.</exception>
    public Tensor Draw(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Guard.That(shape.Length > 0 && shape[0] == _generators.Length, nameof(shape), $"first dimension must be the batch size {_generators.Length}");
        using var scope = NewDisposeScope();
        var per = shape[1..];
        var parts = _generators.Select(g => randn(per, ScalarType.Float32, generator: g)).ToList();
        return stack(parts).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var g in _generators) { g.Dispose(); }
    }
}
