using Tessera.Core.Errors;

namespace Tessera.Prompting.Vpt;

/// <summary>
/// Visual Prompt Tuning settings; defaults are those of KMnP/vpt <c>src/configs/config.py</c> (<c>MODEL.PROMPT</c>):
/// 5 tokens, shallow, no projection, no dropout, prepend, class-token pooling.
/// </summary>
public sealed record VptOptions
{
    /// <summary><c>NUM_TOKENS</c>: prompt tokens per layer (T).</summary>
    public int NumTokens { get; init; } = 5;

    /// <summary><c>DEEP</c>: fresh prompts before every block (replacing the previous block's prompt outputs); false =
    /// shallow (prompts enter before block 0 only).</summary>
    public bool Deep { get; init; }

    /// <summary><c>PROJECT</c>: when ≥ 1 the prompts are stored at this width and mapped to the token width by a learned
    /// linear <c>prompt_proj</c>; −1 = no projection.</summary>
    public int Project { get; init; } = -1;

    /// <summary><c>DROPOUT</c>: dropout on the prompt tokens in training mode.</summary>
    public double Dropout { get; init; }

    /// <summary><c>LOCATION</c>.</summary>
    public VptLocation Location { get; init; } = VptLocation.Prepend;

    /// <summary><c>VIT_POOL_TYPE</c>.</summary>
    public VptPooling Pooling { get; init; } = VptPooling.ClassToken;

    /// <summary>Throws unless the settings are consistent.</summary>
    /// <exception cref="TesseraArgumentException">A value is out of range or the pooling needs prompt tokens the location does not make.</exception>
    public void Validate()
    {
        Guard.That(Location == VptLocation.Add || NumTokens > 0, nameof(NumTokens), $"must be positive (got {NumTokens})");
        Guard.That(Project == -1 || Project > 0, nameof(Project), $"must be -1 (no projection) or positive (got {Project})");
        Guard.That(Dropout is >= 0 and < 1, nameof(Dropout), $"must lie in [0, 1) (got {Dropout})");
        Guard.That(!Deep || Location is VptLocation.Prepend or VptLocation.Add, nameof(Deep), $"deep prompts need the prepend or add location (got {Location})");
        Guard.That(Project == -1 || Location is VptLocation.Prepend or VptLocation.Add, nameof(Project), $"a projection needs the prepend or add location (got {Location})");
        Guard.That(Pooling is VptPooling.ClassToken or VptPooling.PatchMean || Location is VptLocation.Prepend or VptLocation.PrependPixel,
            nameof(Pooling), $"{Pooling} needs prompt tokens in the sequence (location {Location})");
    }

    /// <summary>Whether prompts are tokens inserted into the sequence.</summary>
    internal bool InsertsTokens => Location is VptLocation.Prepend or VptLocation.PrependPixel;
}
