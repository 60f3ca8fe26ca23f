namespace Tessera.Core.Progress;

/// <summary>
/// A progress update from long work (passed through <see cref="IProgress{T}"/>). Only the CLI renders it.
/// </summary>
/// <param name="Stage">What is being done, e.g. "augment" or "epoch 3".</param>
/// <param name="Done">Units finished.</param>
/// <param name="Total">Units in all, or null when unknown.</param>
/// <param name="Detail">Optional extra text (loss, throughput).</param>
public sealed record ProgressReport(string Stage, long Done, long? Total, string? Detail = null);
