using System.Text.Json.Nodes;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// The root of every pipeline node. Subclasses live in this assembly (transforms derive from
/// <see cref="DualTransform{TParams}"/> or <see cref="ImageOnlyTransform{TParams}"/>; groups from
/// <see cref="TransformGroup"/>), so the catalogue in <see cref="TransformCatalog"/> stays the complete list.
/// </summary>
public abstract class TransformBase : ITransform
{
    private protected TransformBase(double p)
    {
        Guard.That(p is >= 0 and <= 1, nameof(p), $"must lie in [0, 1] (got {p})");
        Probability = p;
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public double Probability { get; }

    /// <inheritdoc />
    public virtual bool SupportsBoxes => true;

    /// <inheritdoc />
    public virtual bool SupportsKeypoints => true;

    /// <summary>Runs the node on a sample, drawing from <paramref name="random"/>; returns what it did.</summary>
    internal abstract ReplayRecord Run(WorkingSample sample, IRandom random, bool forceApply);

    /// <summary>Applies a recorded run to a sample.</summary>
    internal abstract void Replay(WorkingSample sample, ReplayRecord record);

    /// <summary>Writes the init arguments (after <c>__class_fullname__</c>) in albumentations' order.</summary>
    internal abstract void WriteArgs(ArgWriter writer);

    /// <summary>Reads a replay node (its <c>params</c>, <c>applied</c> and children) recorded for this node.</summary>
    internal abstract ReplayRecord ReadReplay(JsonObject node, ParamsContext context);

    /// <summary>Writes the replay fields (<c>params</c>, <c>applied</c>, children) of a record of this node.</summary>
    internal abstract void WriteReplay(JsonObject node, ReplayRecord record);
}
