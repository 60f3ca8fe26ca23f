using Tessera.Core.Errors;

namespace Tessera.Prompting.Methods;

/// <summary>Command-line names of the <see cref="PromptMethod"/>s and what each one needs.</summary>
public static class PromptMethods
{
    private static readonly (PromptMethod Method, string Name)[] Table =
    [
        (PromptMethod.VptDeep, "vpt-deep"), (PromptMethod.VptShallow, "vpt-shallow"), (PromptMethod.Pad, "pad"),
        (PromptMethod.FixedPatch, "fixed-patch"), (PromptMethod.RandomPatch, "random-patch"), (PromptMethod.Coop, "coop"),
        (PromptMethod.Linear, "linear"), (PromptMethod.Full, "full"), (PromptMethod.BitFit, "bitfit"), (PromptMethod.ZeroShot, "zero-shot"),
    ];

    /// <summary>Every method name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The names of the methods that train (all but <c>zero-shot</c>).</summary>
    public static IReadOnlyList<string> TrainedNames { get; } = [.. Table.Where(t => t.Method != PromptMethod.ZeroShot).Select(t => t.Name)];

    /// <summary>The command-line name of a method, e.g. <c>vpt-deep</c>.</summary>
    /// <param name="method">The method.</param>
    /// <returns>Its name.</returns>
    public static string Name(PromptMethod method) => Table.First(t => t.Method == method).Name;

    /// <summary>Parses a command-line name.</summary>
    /// <param name="name">A name of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="argument">The argument named in the error.</param>
    /// <returns>The method.</returns>
    /// <exception cref="TesseraArgumentException">Unknown name (the message lists the known ones).</exception>
    public static PromptMethod Parse(string name, string argument = "method")
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (method, n) in Table)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) { return method; }
        }
        throw new TesseraArgumentException(argument, $"must be one of {string.Join(", ", Names)} (got '{name}')");
    }

    /// <summary>Whether the method runs on a CLIP (pixel prompts, CoOp, zero-shot) rather than a ViT.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True for CLIP methods.</returns>
    public static bool UsesClip(PromptMethod method) => method is PromptMethod.Pad or PromptMethod.FixedPatch or PromptMethod.RandomPatch
        or PromptMethod.Coop or PromptMethod.ZeroShot;

    /// <summary>Whether the method changes backbone weights (full fine-tune, BitFit); the others keep the backbone frozen.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when backbone weights train.</returns>
    public static bool TrainsBackbone(PromptMethod method) => method is PromptMethod.Full or PromptMethod.BitFit;

    /// <summary>
    /// The AdamW learning rate the runner uses when none is given: 0.01 for VPT, the linear probe, CoOp and BitFit's biases,
    /// 1e-4 for a full fine-tune, 0.1 for pixel prompts (their values live in normalised pixel units).
    /// </summary>
    /// <param name="method">The method.</param>
    /// <returns>The learning rate.</returns>
    public static double DefaultLearningRate(PromptMethod method) => method switch
    {
        PromptMethod.Full => 1e-4,
        PromptMethod.Pad or PromptMethod.FixedPatch or PromptMethod.RandomPatch => 0.1,
        _ => 0.01,
    };
}
