namespace Tessera.Diffusion.Sampling;

/// <summary>How <see cref="DiffusionSampler"/> generates images.</summary>
public sealed record SamplingOptions
{
    /// <summary>Number of images.</summary>
    public int Count { get; init; } = 16;

    /// <summary>Images per network call; results do not depend on it.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Run seed; sample i always gets the noise stream (seed, i).</summary>
    public long Seed { get; init; }

    /// <summary>Respacing spec (<c>""</c> = every training step, <c>"50"</c>, <c>"ddim25"</c>, <c>"10,10,10"</c>).</summary>
    public string Respacing { get; init; } = "";

    /// <summary>Use DDIM steps instead of ancestral ones.</summary>
    public bool Ddim { get; init; }

    /// <summary>DDIM η.</summary>
    public double Eta { get; init; }

    /// <summary>Clip x₀ predictions to [−1, 1].</summary>
    public bool ClipDenoised { get; init; } = true;

    /// <summary>Class of each image for a class-conditional model (length <see cref="Count"/>), else null.</summary>
    public IReadOnlyList<long>? Classes { get; init; }
}
