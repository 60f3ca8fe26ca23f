using System.Text.Json.Nodes;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>A node holding child transforms (albumentations <c>BaseCompose</c>).</summary>
public abstract class TransformGroup : TransformBase
{
    private protected TransformGroup(IEnumerable<ITransform> transforms, double p) : base(p)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        var list = new List<TransformBase>();
        foreach (var t in transforms)
        {
            Guard.That(t is TransformBase, nameof(transforms), "every element must be a Tessera transform (not null)");
            list.Add((TransformBase)t);
        }
        Children = list;
    }

    /// <inheritdoc />
    public override bool SupportsBoxes => Children.All(c => c.SupportsBoxes);

    /// <inheritdoc />
    public override bool SupportsKeypoints => Children.All(c => c.SupportsKeypoints);

    /// <summary>The child transforms in order.</summary>
    public IReadOnlyList<ITransform> Transforms => Children;

    internal IReadOnlyList<TransformBase> Children { get; }

    internal override void WriteArgs(ArgWriter writer)
    {
        writer.Add("p", Probability);
        writer.AddTransforms("transforms", Children);
    }

    internal override void Replay(WorkingSample sample, ReplayRecord record)
    {
        if (!record.Applied)
        {
            return;
        }
        for (var i = 0; i < Children.Count && i < record.Children.Count; i++)
        {
            Children[i].Replay(sample, record.Children[i]);
        }
    }

    internal override ReplayRecord ReadReplay(JsonObject node, ParamsContext context)
    {
        var applied = node["applied"]?.GetValue<bool>() ?? false;
        var arr = node["transforms"] as JsonArray ?? [];
        Guard.That(arr.Count == Children.Count, "replay", $"{Name} has {Children.Count} transforms but the replay lists {arr.Count}");
        var kids = new List<ReplayRecord>();
        for (var i = 0; i < arr.Count; i++)
        {
            kids.Add(Children[i].ReadReplay(arr[i] as JsonObject
                ?? throw new TesseraArgumentException("replay", $"transforms[{i}] of {Name} must be an object"), context));
        }
        return new ReplayRecord(Name, applied, null, kids);
    }

    internal override void WriteReplay(JsonObject node, ReplayRecord record)
    {
        node["params"] = null;
        var arr = node["transforms"] as JsonArray;
        if (arr is not null)
        {
            for (var i = 0; i < arr.Count && i < record.Children.Count; i++)
            {
                Children[i].WriteReplay((JsonObject)arr[i]!, record.Children[i]);
            }
        }
        node["applied"] = record.Applied;
    }

    /// <summary>Runs children in order, each deciding by its own probability; records all.</summary>
    private protected ReplayRecord RunAll(WorkingSample sample, IRandom random, bool forceChildren, Action<WorkingSample>? afterEach = null)
    {
        var kids = new List<ReplayRecord>(Children.Count);
        foreach (var child in Children)
        {
            kids.Add(child.Run(sample, random, forceChildren));
            afterEach?.Invoke(sample);
        }
        return new ReplayRecord(Name, true, null, kids);
    }

    private protected ReplayRecord AllSkipped() => new(Name, false, null, Children.Select(c => SkippedTree(c)).ToList());

    private protected static ReplayRecord SkippedTree(TransformBase node)
        => node is TransformGroup g
            ? new ReplayRecord(g.Name, false, null, g.Children.Select(SkippedTree).ToList())
            : ReplayRecord.Skipped(node.Name);

    /// <summary>Normalised child probabilities (albumentations <c>transforms_ps</c>).</summary>
    /// <summary>
    /// OneOf / SomeOf choose a child with weights proportional to the children's p: when every p is 0 there is nothing
    /// to choose from (albumentations 1.3.1 divides by the zero sum), so the group is rejected when it is built.
    /// </summary>
    private protected void RequireChoosableChild()
    {
        Guard.That(Children.Count == 0 || Children.Sum(c => c.Probability) > 0, "transforms",
            $"{Name}: every child has p = 0, so none can ever be chosen (give at least one child p > 0)");
    }

    private protected double[] ChildWeights()
    {
        var sum = Children.Sum(c => c.Probability);
        return Children.Select(c => sum > 0 ? c.Probability / sum : 0).ToArray();
    }

    private protected static int Choose(IRandom random, double[] weights)
    {
        var u = random.NextDouble();
        var acc = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (u < acc)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }
}
