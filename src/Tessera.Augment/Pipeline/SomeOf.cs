using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// Applies <see cref="N"/> children drawn with weights proportional to their <c>p</c>, with or without
/// replacement (albumentations <c>SomeOf</c>). A child drawn twice is applied twice; the replay record keeps
/// the last application of each child.
/// </summary>
public sealed class SomeOf : TransformGroup
{
    /// <summary>Creates the group.</summary>
    /// <param name="transforms">The children.</param>
    /// <param name="n">How many children to apply.</param>
    /// <param name="replace">Draw with replacement.</param>
    /// <param name="p">Probability of applying the group.</param>
    /// <exception cref="TesseraArgumentException"><paramref name="n"/> is negative, or larger than the child count without replacement.</exception>
    public SomeOf(IEnumerable<ITransform> transforms, int n, bool replace = true, double p = 1) : base(transforms, p)
    {
        Guard.That(n >= 0, nameof(n), $"must be ≥ 0 (got {n})");
        Guard.That(replace || n <= Children.Count, nameof(n), $"must not exceed the number of transforms ({Children.Count}) when replace is false");
        N = n;
        Replace = replace;
        RequireChoosableChild();
    }

    /// <inheritdoc />
    public override string Name => "SomeOf";

    /// <summary>How many children are applied.</summary>
    public int N { get; }

    /// <summary>Whether children are drawn with replacement.</summary>
    public bool Replace { get; }

    internal override void WriteArgs(ArgWriter writer)
    {
        base.WriteArgs(writer);
        writer.Add("n", N);
        writer.Add("replace", Replace);
    }

    internal override ReplayRecord Run(WorkingSample sample, IRandom random, bool forceApply)
    {
        if (Children.Count == 0 || !(forceApply || random.NextDouble() < Probability))
        {
            return AllSkipped();
        }
        var weights = ChildWeights();
        var kids = Children.Select(SkippedTree).ToList();
        var order = new List<int>();
        var w = (double[])weights.Clone();
        for (var k = 0; k < N; k++)
        {
            var total = w.Sum();
            if (total <= 0)
            {
                break;
            }
            var idx = Choose(random, w.Select(x => x / total).ToArray());
            order.Add(idx);
            if (!Replace)
            {
                w[idx] = 0;
            }
        }
        foreach (var idx in order)
        {
            kids[idx] = Children[idx].Run(sample, random, true);
        }
        return new ReplayRecord(Name, true, null, kids);
    }
}
