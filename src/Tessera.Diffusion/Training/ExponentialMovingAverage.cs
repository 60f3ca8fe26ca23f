using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Training;

/// <summary>
/// An exponential moving average of a module's parameters (improved-diffusion's <c>update_ema</c>):
/// target ← rate·target + (1 − rate)·source after each optimiser step. Sampling from the EMA weights gives
/// better samples than the raw weights.
/// </summary>
public sealed class ExponentialMovingAverage
{
    private readonly (Tensor Target, Tensor Source)[] _pairs;

    /// <summary>Tracks <paramref name="source"/>'s parameters in <paramref name="target"/> (same architecture), which
    /// starts as a copy of the source.</summary>
    /// <param name="target">The EMA model (its parameters are overwritten).</param>
    /// <param name="source">The trained model.</param>
    /// <param name="rate">Decay, in [0, 1) (0.9999 in the paper).</param>
    /// <exception cref="TesseraArgumentException">The parameter lists differ or the rate is out of range.</exception>
    public ExponentialMovingAverage(nn.Module target, nn.Module source, double rate = 0.9999)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        Guard.That(rate >= 0 && rate < 1, nameof(rate), "must lie in [0, 1)");
        Rate = rate;
        var t = target.named_parameters().ToList();
        var s = source.named_parameters().ToList();
        Guard.That(t.Count == s.Count && t.Zip(s).All(p => p.First.name == p.Second.name && p.First.parameter.shape.SequenceEqual(p.Second.parameter.shape)),
            nameof(target), "must have the same parameters as the source");
        _pairs = [.. t.Zip(s).Select(p => ((Tensor)p.First.parameter, (Tensor)p.Second.parameter))];
        using var noGrad = no_grad();
        foreach (var (target1, source1) in _pairs) { target1.copy_(source1); }
    }

    /// <summary>The decay.</summary>
    public double Rate { get; }

    /// <summary>Moves the average one step towards the source.</summary>
    public void Update()
    {
        using var noGrad = no_grad();
        foreach (var (target, source) in _pairs)
        {
            target.mul_(Rate).add_(source, 1 - Rate);
        }
    }
}
