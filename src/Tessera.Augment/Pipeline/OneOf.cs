using Tessera.Augment.Targets;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>Applies exactly one child, chosen with weights proportional to the children's <c>p</c> (albumentations <c>OneOf</c>).</summary>
public sealed class OneOf : TransformGroup
{
    /// <summary>Creates the group.</summary>
    /// <param name="transforms">The children.</param>
    /// <param name="p">Probability of applying one child.</param>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException"><paramref name="p"/> outside [0, 1].</exception>
    public OneOf(IEnumerable<ITransform> transforms, double p = 0.5) : base(transforms, p)
    {
        RequireChoosableChild();
    }

    /// <inheritdoc />
    public override string Name => "OneOf";

    internal override ReplayRecord Run(WorkingSample sample, IRandom random, bool forceApply)
    {
        var weights = ChildWeights();
        if (Children.Count == 0 || weights.Sum() <= 0 || !(forceApply || random.NextDouble() < Probability))
        {
            return AllSkipped();
        }
        var chosen = Choose(random, weights);
        var kids = new List<ReplayRecord>();
        for (var i = 0; i < Children.Count; i++)
        {
            kids.Add(i == chosen ? Children[i].Run(sample, random, true) : SkippedTree(Children[i]));
        }
        return new ReplayRecord(Name, true, null, kids);
    }
}
