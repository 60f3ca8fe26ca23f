using Tessera.Core.Errors;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Sampling;

/// <summary>Replays recorded draws (index k of a [K, …] tensor at the k-th call), e.g. a reference's noise list.</summary>
public sealed class RecordedNoise : ISamplingNoise
{
    private readonly Tensor _sequence;
    private long _next;

    /// <summary>Wraps a sequence of draws; the caller keeps ownership of it.</summary>
    /// <param name="sequence">[K, N, C, H, W].</param>
    public RecordedNoise(Tensor sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        _sequence = sequence;
    }

    /// <summary>How many draws were used.</summary>
    public long Used => _next;

    /// <summary>How many draws are left.</summary>
    public long Remaining => _sequence.shape[0] - _next;

    /// <inheritdoc />
    /// <exception cref="TesseraArgumentException">The sequence is used up or the next draw has another shape.</exception>
    public Tensor Draw(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Guard.That(_next < _sequence.shape[0], nameof(shape), $"the recorded noise has only {_sequence.shape[0]} draws");
        var draw = _sequence[_next].clone();
        Guard.That(draw.shape.SequenceEqual(shape), nameof(shape),
            $"draw {_next} has shape [{string.Join(", ", draw.shape)}], asked for [{string.Join(", ", shape)}]");
        _next++;
        return draw;
    }
}
