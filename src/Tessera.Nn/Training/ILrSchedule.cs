namespace Tessera.Nn.Training;

/// <summary>
/// A learning-rate schedule: the factor the base learning rate is multiplied by at each optimizer step.
/// </summary>
/// <remarks>
/// Implementations are pure functions of the step, so a resumed run gets the same rates as an uninterrupted
/// one without storing any schedule state (PyTorch's <c>LambdaLR</c> with a step-indexed lambda).
/// </remarks>
public interface ILrSchedule
{
    /// <summary>The factor applied to every parameter group's base learning rate for step <paramref name="stepIndex"/>.</summary>
    /// <param name="stepIndex">The 0-based index of the optimizer step about to run.</param>
    /// <returns>A finite factor, usually in [0, 1].</returns>
    double Factor(long stepIndex);
}
