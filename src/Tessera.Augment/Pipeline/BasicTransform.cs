using System.Text.Json.Nodes;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// A transform: validated arguments, <see cref="DrawParams"/> that turns randomness into a typed parameter
/// record, and deterministic apply functions per target (albumentations <c>BasicTransform</c>).
/// </summary>
/// <typeparam name="TParams">The parameter record (serialized with snake_case names as in 1.3.1's replay params).</typeparam>
public abstract class BasicTransform<TParams> : TransformBase where TParams : class
{
    private protected BasicTransform(double p, bool alwaysApply) : base(p)
    {
        AlwaysApply = alwaysApply;
    }

    /// <summary>Apply regardless of <see cref="ITransform.Probability"/> (<c>always_apply</c>).</summary>
    public bool AlwaysApply { get; }

    /// <summary>Draws the random parameters for one application.</summary>
    /// <param name="context">The current targets (shape, and targets for target-dependent transforms).</param>
    /// <param name="random">The random stream of this sample.</param>
    /// <returns>The parameters.</returns>
    public abstract TParams DrawParams(DrawContext context, IRandom random);

    /// <summary>Applies the transform with fixed parameters to every target of a sample.</summary>
    internal abstract void ApplyTo(WorkingSample sample, TParams parameters);

    /// <summary>Reads replay parameters (default: the record's properties as snake_case JSON keys).</summary>
    internal virtual TParams ReadParams(JsonObject node, ParamsContext context) => ParamsCodec.Read<TParams>(node, Name, context);

    /// <summary>Writes replay parameters (default: the record's properties as snake_case JSON keys).</summary>
    internal virtual JsonNode WriteParams(TParams parameters) => ParamsCodec.Write(parameters);

    /// <summary>Writes the transform-specific init arguments (after <c>always_apply</c> and <c>p</c>).</summary>
    internal abstract void WriteTransformArgs(ArgWriter writer);

    internal sealed override void WriteArgs(ArgWriter writer)
    {
        writer.Add("always_apply", AlwaysApply);
        writer.Add("p", Probability);
        WriteTransformArgs(writer);
    }

    internal sealed override ReplayRecord Run(WorkingSample sample, IRandom random, bool forceApply)
    {
        var roll = random.NextDouble();
        if (!(roll < Probability || AlwaysApply || forceApply))
        {
            return ReplayRecord.Skipped(Name);
        }
        var parameters = DrawParams(new DrawContext(sample), random);
        ApplyTo(sample, parameters);
        return new ReplayRecord(Name, true, parameters, []);
    }

    internal sealed override void Replay(WorkingSample sample, ReplayRecord record)
    {
        if (record.Applied && record.Params is TParams parameters)
        {
            ApplyTo(sample, parameters);
        }
    }

    internal sealed override ReplayRecord ReadReplay(JsonObject node, ParamsContext context)
    {
        var applied = node["applied"]?.GetValue<bool>() ?? false;
        var prm = node["params"] as JsonObject;
        if (!applied || prm is null)
        {
            return ReplayRecord.Skipped(Name);
        }
        return new ReplayRecord(Name, true, ReadParams(prm, context), []);
    }

    internal sealed override void WriteReplay(JsonObject node, ReplayRecord record)
    {
        node["params"] = record.Applied && record.Params is TParams p ? WriteParams(p) : null;
        node["applied"] = record.Applied;
    }
}
