using Tessera.Core.Errors;

namespace Tessera.Prompting.Coop;

/// <summary>
/// CoOp settings (KaiyangZhou/CoOp <c>TRAINER.COOP</c>); defaults are the reference's: 16 context vectors, unified
/// (not class-specific), random initialisation, class token at the end.
/// </summary>
public sealed record CoopOptions
{
    /// <summary><c>N_CTX</c>: learned context vectors M (ignored with <see cref="ContextInit"/>, where M = its word count).</summary>
    public int ContextLength { get; init; } = 16;

    /// <summary><c>CSC</c>: one context per class instead of one shared context (ignored with <see cref="ContextInit"/>).</summary>
    public bool ClassSpecific { get; init; }

    /// <summary><c>CTX_INIT</c>: a phrase (e.g. <c>a photo of a</c>) whose token embeddings initialise the context; empty =
    /// random <c>N(0, 0.02²)</c>.</summary>
    public string ContextInit { get; init; } = "";

    /// <summary><c>CLASS_TOKEN_POSITION</c>.</summary>
    public ClassTokenPosition Position { get; init; } = ClassTokenPosition.End;

    /// <summary>Throws unless the settings are consistent.</summary>
    /// <exception cref="TesseraArgumentException">The context length is not positive or the phrase is null.</exception>
    public void Validate()
    {
        Guard.That(ContextInit is not null, nameof(ContextInit), "must not be null (use \"\" for random initialisation)");
        Guard.That(ContextInit.Length > 0 || ContextLength > 0, nameof(ContextLength), $"must be positive (got {ContextLength})");
    }
}
