namespace Tessera.Nn.Training;

/// <summary>A schedule that keeps the base learning rate at every step (factor 1).</summary>
public sealed class ConstantSchedule : ILrSchedule
{
    /// <summary>The one instance; the schedule has no parameters.</summary>
    public static ConstantSchedule Instance { get; } = new();

    private ConstantSchedule() { }

    /// <inheritdoc />
    public double Factor(long stepIndex) => 1.0;

    /// <inheritdoc />
    public override string ToString() => "constant";
}
