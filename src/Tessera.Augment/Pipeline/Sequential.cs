using Tessera.Augment.Targets;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>With probability <c>p</c>, runs all children in order, each by its own probability (albumentations <c>Sequential</c>).</summary>
public sealed class Sequential : TransformGroup
{
    /// <summary>Creates the group.</summary>
    /// <param name="transforms">The children.</param>
    /// <param name="p">Probability of running the group.</param>
    public Sequential(IEnumerable<ITransform> transforms, double p = 0.5) : base(transforms, p) { }

    /// <inheritdoc />
    public override string Name => "Sequential";

    internal override ReplayRecord Run(WorkingSample sample, IRandom random, bool forceApply)
        => forceApply || random.NextDouble() < Probability ? RunAll(sample, random, false) : AllSkipped();
}
