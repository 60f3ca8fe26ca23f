using Tessera.Core.Errors;

namespace Tessera.Nn.Training;

/// <summary>
/// Linear warm-up from 0 followed by a half-cosine decay to <see cref="MinFactor"/>.
/// </summary>
/// <remarks>
/// Follows Hugging Face transformers' <c>get_cosine_schedule_with_warmup</c> (v4): for step <c>s</c> (0-based)
/// the factor is <c>s / warmup</c> while <c>s &lt; warmup</c>, then
/// <c>min + (1 − min) · ½ (1 + cos(π · p))</c> with <c>p = (s − warmup) / max(1, total − warmup)</c>.
/// With <c>MinFactor = 0</c> this is exactly the transformers schedule (so the very first step runs at
/// learning rate 0 when there is a warm-up). Steps past <see cref="TotalSteps"/> keep <see cref="MinFactor"/>.
/// </remarks>
public sealed class CosineWarmupSchedule : ILrSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="warmupSteps">Steps of linear warm-up; 0 for none.</param>
    /// <param name="totalSteps">Total steps (warm-up included) at which the cosine reaches <paramref name="minFactor"/>.</param>
    /// <param name="minFactor">The final factor, in [0, 1]; 0 by default.</param>
    /// <exception cref="TesseraArgumentException">
    /// <paramref name="warmupSteps"/> is negative, <paramref name="totalSteps"/> is not positive or is smaller
    /// than <paramref name="warmupSteps"/>, or <paramref name="minFactor"/> is outside [0, 1].
    /// </exception>
    public CosineWarmupSchedule(long warmupSteps, long totalSteps, double minFactor = 0.0)
    {
        Guard.That(warmupSteps >= 0, nameof(warmupSteps), $"must be non-negative (got {warmupSteps})");
        Guard.That(totalSteps > 0, nameof(totalSteps), $"must be positive (got {totalSteps})");
        Guard.That(totalSteps >= warmupSteps, nameof(totalSteps), $"must be at least warmupSteps {warmupSteps} (got {totalSteps})");
        Guard.InRange(minFactor, 0, 1);
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        MinFactor = minFactor;
    }

    /// <summary>Steps of linear warm-up.</summary>
    public long WarmupSteps { get; }

    /// <summary>Total steps, warm-up included.</summary>
    public long TotalSteps { get; }

    /// <summary>The factor at and after <see cref="TotalSteps"/>.</summary>
    public double MinFactor { get; }

    /// <inheritdoc />
    public double Factor(long stepIndex)
    {
        if (stepIndex < WarmupSteps)
        {
            return (double)Math.Max(stepIndex, 0) / WarmupSteps;
        }
        var progress = Math.Min(1.0, (double)(stepIndex - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        return MinFactor + ((1 - MinFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    /// <inheritdoc />
    public override string ToString() => $"cosine(warmup {WarmupSteps}, total {TotalSteps}, min {MinFactor})";
}
