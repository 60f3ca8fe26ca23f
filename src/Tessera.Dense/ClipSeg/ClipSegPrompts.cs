using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Dense.ClipSeg;

/// <summary>The text templates of CLIPSeg (<c>get_prompt_list</c>): a template's <c>{}</c> is replaced by the phrase.</summary>
public static class ClipSegPrompts
{
    /// <summary><c>'plain'</c>: the phrase as is.</summary>
    public static IReadOnlyList<string> Plain { get; } = ["{}"];

    /// <summary><c>'fixed'</c>: the template used at inference (<c>a photo of a {}.</c>).</summary>
    public static IReadOnlyList<string> Fixed { get; } = ["a photo of a {}."];

    /// <summary><c>'shuffle'</c>.</summary>
    public static IReadOnlyList<string> Shuffle { get; } = ["a photo of a {}.", "a photograph of a {}.", "an image of a {}.", "{}."];

    /// <summary><c>'shuffle+'</c>: the list sampled while training the released weights.</summary>
    public static IReadOnlyList<string> ShufflePlus { get; } =
    [
        "a photo of a {}.", "a photograph of a {}.", "an image of a {}.", "{}.", "a cropped photo of a {}.",
        "a good photo of a {}.", "a photo of one {}.", "a bad photo of a {}.", "a photo of the {}.",
    ];

    /// <summary>The list of a name used by upstream configurations.</summary>
    /// <param name="name"><c>plain</c>, <c>fixed</c>, <c>shuffle</c> or <c>shuffle+</c>.</param>
    /// <returns>The templates.</returns>
    /// <exception cref="TesseraArgumentException">Unknown name.</exception>
    public static IReadOnlyList<string> Named(string name) => name switch
    {
        "plain" => Plain,
        "fixed" => Fixed,
        "shuffle" => Shuffle,
        "shuffle+" => ShufflePlus,
        _ => throw new TesseraArgumentException(nameof(name), $"must be plain, fixed, shuffle or shuffle+ (got '{name}')"),
    };

    /// <summary>Fills a template.</summary>
    /// <param name="template">Template with one <c>{}</c>.</param>
    /// <param name="phrase">The phrase.</param>
    /// <returns>The prompt.</returns>
    public static string Apply(string template, string phrase)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(phrase);
        Guard.That(template.Contains("{}", StringComparison.Ordinal), nameof(template), "must contain {}");
        return template.Replace("{}", phrase, StringComparison.Ordinal);
    }

    /// <summary>Training-time sampling (<c>sample_prompts</c>): one uniformly drawn template per phrase.</summary>
    /// <param name="phrases">Phrases.</param>
    /// <param name="templates">Template list.</param>
    /// <param name="random">Seeded source.</param>
    /// <returns>One prompt per phrase.</returns>
    public static IReadOnlyList<string> Sample(IReadOnlyList<string> phrases, IReadOnlyList<string> templates, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(random);
        Guard.That(templates.Count > 0, nameof(templates), "must not be empty");
        return phrases.Select(p => Apply(templates[random.NextInt(0, templates.Count)], p)).ToList();
    }
}
