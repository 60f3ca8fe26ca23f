using Tessera.Core.Errors;

namespace Tessera.Data.Streaming;

/// <summary>Settings of <see cref="BatchLoader"/>.</summary>
public sealed record BatchLoaderOptions
{
    /// <summary>Samples per batch (default 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Worker threads that load batches (default 2). The output does not depend on it.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Batches loaded ahead of the consumer, at most (default 4); bounds memory.</summary>
    public int Prefetch { get; init; } = 4;

    /// <summary>Seed of the order and of every sample's random stream.</summary>
    public ulong Seed { get; init; }

    /// <summary>Visit the samples in a seeded random order (default true); else in index order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Drop a last batch smaller than <see cref="BatchSize"/> (default false).</summary>
    public bool DropLast { get; init; }

    /// <summary>Throws unless the settings are valid.</summary>
    /// <exception cref="TesseraArgumentException">A count is out of range.</exception>
    public void Validate()
    {
        Guard.That(BatchSize >= 1, nameof(BatchSize), $"must be ≥ 1 (got {BatchSize})");
        Guard.That(Workers is >= 1 and <= 256, nameof(Workers), $"must lie in [1, 256] (got {Workers})");
        Guard.That(Prefetch is >= 1 and <= 1024, nameof(Prefetch), $"must lie in [1, 1024] (got {Prefetch})");
    }
}
