namespace Tessera.Prompting.Pixel;

/// <summary>Class-name clean-up and the text template of hjbahng/visual_prompting's CLIP protocol.</summary>
public static class ClassNames
{
    /// <summary>The single template of <c>main_clip.py</c> (no trailing period, no ensembling).</summary>
    public const string PhotoTemplate = "This is a photo of a {0}";

    /// <summary><c>refine_classname</c>: lower case, <c>_</c> and <c>-</c> become spaces.</summary>
    /// <param name="name">A raw class name (e.g. <c>aquarium_fish</c>).</param>
    /// <returns>The refined name (<c>aquarium fish</c>).</returns>
    public static string Refine(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant().Replace('_', ' ').Replace('-', ' ');
    }

    /// <summary>One text per class: <paramref name="template"/> formatted with the refined name.</summary>
    /// <param name="classNames">Raw class names.</param>
    /// <param name="template">A composite format with one placeholder (default <see cref="PhotoTemplate"/>).</param>
    /// <returns>The texts, in class order.</returns>
    public static IReadOnlyList<string> Texts(IEnumerable<string> classNames, string template = PhotoTemplate)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(template);
        return [.. classNames.Select(n => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Refine(n)))];
    }
}
