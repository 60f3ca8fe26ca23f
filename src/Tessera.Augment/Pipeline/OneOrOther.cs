using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>Applies the first child with probability <c>p</c>, else the last (albumentations <c>OneOrOther</c>).</summary>
public sealed class OneOrOther : TransformGroup
{
    /// <summary>Creates the group from two transforms.</summary>
    /// <param name="transforms">Exactly two children (first, other).</param>
    /// <param name="p">Probability of choosing the first.</param>
    /// <exception cref="TesseraArgumentException">Not two children, or <paramref name="p"/> outside [0, 1].</exception>
    public OneOrOther(IEnumerable<ITransform> transforms, double p = 0.5) : base(transforms, p)
    {
        Guard.That(Children.Count >= 1, nameof(transforms), "must hold at least one transform");
    }

    /// <inheritdoc />
    public override string Name => "OneOrOther";

    internal override ReplayRecord Run(WorkingSample sample, IRandom random, bool forceApply)
    {
        var first = random.NextDouble() < Probability;
        var idx = first ? 0 : Children.Count - 1;
        var kids = Children.Select(SkippedTree).ToList();
        kids[idx] = Children[idx].Run(sample, random, true);
        return new ReplayRecord(Name, true, null, kids);
    }
}
