using Tessera.Core.Errors;

namespace Tessera.Prompting.Methods;

/// <summary>The settings of the methods a <see cref="PromptTask"/> can be created with; each method reads its own.</summary>
public sealed record PromptMethodOptions
{
    /// <summary>VPT prompt tokens per layer; CoOp context vectors.</summary>
    public int Tokens { get; init; } = 10;

    /// <summary>Pixel prompts: pad width or patch side (pixels).</summary>
    public int PromptSize { get; init; } = 4;

    /// <summary>Pixel prompts and zero-shot: the class text template, <c>{}</c> where the class name goes (default
    /// hjbahng/visual_prompting's <c>This is a photo of a {}</c>).</summary>
    public string Template { get; init; } = "This is a photo of a {}";

    /// <summary>Throws unless the settings are usable.</summary>
    /// <exception cref="TesseraArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        Guard.That(Tokens >= 1, nameof(Tokens), $"must be ≥ 1 (got {Tokens})");
        Guard.That(PromptSize >= 1, nameof(PromptSize), $"must be ≥ 1 (got {PromptSize})");
        Guard.That(Template is not null && Template.Contains("{}", StringComparison.Ordinal), nameof(Template), "must contain {} where the class name goes");
    }
}
