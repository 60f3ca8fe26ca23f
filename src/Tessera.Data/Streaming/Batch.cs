namespace Tessera.Data.Streaming;

/// <summary>One batch of a <see cref="BatchLoader"/>.</summary>
/// <typeparam name="T">The sample type.</typeparam>
/// <param name="Index">0-based batch index within the epoch.</param>
/// <param name="SampleIndices">The dataset indices of the samples, in batch order.</param>
/// <param name="Samples">The loaded (and augmented) samples.</param>
public sealed record Batch<T>(int Index, IReadOnlyList<int> SampleIndices, IReadOnlyList<T> Samples);
