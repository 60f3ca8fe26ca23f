namespace Tessera.Data.World;

/// <summary>A phrase that names one object of a scene, e.g. "the small red triangle left of the ring".</summary>
/// <param name="InstanceId">The object it refers to (its value in the instance mask).</param>
/// <param name="Phrase">The phrase.</param>
/// <param name="Unique">Whether the attribute part alone already singles out the object in its scene.</param>
/// <param name="UsesRelation">Whether the phrase uses a spatial relation to another object.</param>
public sealed record ReferringExpression(int InstanceId, string Phrase, bool Unique, bool UsesRelation);
