namespace Tessera.Augment.Pipeline;

/// <summary>
/// What one node of a pipeline did on one sample: whether it was applied, the parameters it drew (a typed
/// <c>…Params</c> record, null for groups and skipped transforms) and the records of its children.
/// Replaying a record on another sample applies the same parameters (albumentations <c>ReplayCompose</c>).
/// </summary>
/// <param name="Name">The albumentations class name of the node.</param>
/// <param name="Applied">Whether the node ran.</param>
/// <param name="Params">The drawn parameters of a transform, or null.</param>
/// <param name="Children">Records of the children of a group, in order.</param>
public sealed record ReplayRecord(string Name, bool Applied, object? Params, IReadOnlyList<ReplayRecord> Children)
{
    /// <summary>A record for a node that did not run.</summary>
    /// <param name="name">The node's class name.</param>
    /// <returns>The record.</returns>
    public static ReplayRecord Skipped(string name) => new(name, false, null, []);
}
