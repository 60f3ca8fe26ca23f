using Tessera.Core.Errors;

namespace Tessera.Cli.Hosting;

/// <summary>Runs library work so that its argument errors name the command's options, not the library's parameters: the
/// library keeps the one copy of each rule, the command only says which option set which parameter.</summary>
internal static class OptionNames
{
    /// <summary>Runs work, renaming a <see cref="TesseraArgumentException"/> from a library parameter to the option it
    /// came from (also inside the rule text, e.g. "(maxFaces)" → "(--max-faces)").</summary>
    /// <param name="work">The library call.</param>
    /// <param name="names">Library parameter names (compared without case) and the options that set them.</param>
    /// <returns>The work's result.</returns>
    public static T Apply<T>(Func<T> work, params (string Parameter, string Option)[] names)
    {
        try
        {
            return work();
        }
        catch (TesseraArgumentException e) when (names.Any(n => string.Equals(n.Parameter, e.ParamName, StringComparison.OrdinalIgnoreCase)))
        {
            var option = names.First(n => string.Equals(n.Parameter, e.ParamName, StringComparison.OrdinalIgnoreCase)).Option;
            var rule = e.Rule;
            foreach (var (parameter, name) in names) { rule = rule.Replace($"({parameter})", $"({name})", StringComparison.Ordinal); }
            throw new TesseraArgumentException(option, rule);
        }
    }

    /// <summary><see cref="Apply{T}"/> for work without a result.</summary>
    /// <param name="work">The library call.</param>
    /// <param name="names">Library parameter names and the options that set them.</param>
    public static void Apply(Action work, params (string Parameter, string Option)[] names)
        => Apply(() => { work(); return 0; }, names);
}
