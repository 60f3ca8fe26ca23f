using System.Globalization;
using System.Text.RegularExpressions;

namespace Tessera.Cli.Hosting;

/// <summary>
/// Rewrites Spectre.Console.Cli's parse and value-conversion messages into Tessera's <c>error:</c> wording: the option
/// is named as typed (<c>--jsn</c>, not <c>jsn</c>) and a bad value says which option it was given to and what is allowed.
/// </summary>
internal static partial class SpectreMessages
{
    /// <summary>Whether <paramref name="exception"/> is a failed conversion of an option or argument value (Spectre
    /// passes the type converter's <see cref="ArgumentException"/> through unwrapped).</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>True for "X is not a valid value for T".</returns>
    public static bool IsValueConversion(Exception exception) =>
        exception is ArgumentException or FormatException or OverflowException && NotValid().IsMatch(exception.Message);

    /// <summary>Rewrites one message (messages it does not know pass through unchanged).</summary>
    /// <param name="message">Spectre's or the converter's message.</param>
    /// <param name="args">The command line, to find the option a value was given to.</param>
    /// <returns>The rewritten message, without a trailing period.</returns>
    public static string Rewrite(string message, IReadOnlyList<string> args)
    {
        var m = UnknownOption().Match(message);
        if (m.Success)
        {
            return $"unknown option '{AsTyped(m.Groups["name"].Value, args)}' (see --help for the options of this command)";
        }
        m = MissingOption().Match(message);
        if (m.Success)
        {
            return $"command '{m.Groups["command"].Value}' is missing required option '{AsTyped(m.Groups["name"].Value, [])}'";
        }
        m = UnmatchedArgument().Match(message);
        if (m.Success)
        {
            return $"unexpected argument '{m.Groups["value"].Value}' (this command takes no further arguments)";
        }
        m = NotValid().Match(message);
        if (m.Success)
        {
            var value = m.Groups["value"].Value;
            var option = OptionOf(value, args);
            var rule = RuleOf(m.Groups["type"].Value);
            return option is null
                ? $"'{value}' is not a valid value: must be {rule}"
                : $"{option}: '{value}' is not a valid value: must be {rule}";
        }
        return message.TrimEnd('.');
    }

    private static string AsTyped(string name, IReadOnlyList<string> args)
    {
        foreach (var a in args)
        {
            var token = a.Split('=', 2)[0];
            if (token.TrimStart('-') == name && token.StartsWith('-'))
            {
                return token;
            }
        }
        return name.Length == 1 ? "-" + name : "--" + name;
    }

    private static string? OptionOf(string value, IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var parts = args[i].Split('=', 2);
            if (parts.Length == 2 && parts[0].StartsWith('-') && parts[1] == value)
            {
                return parts[0];
            }
            if (i > 0 && args[i] == value && args[i - 1].StartsWith('-') && !args[i - 1].Contains('=', StringComparison.Ordinal))
            {
                return args[i - 1];
            }
        }
        return null;
    }

    private static string RuleOf(string type) => type switch
    {
        "Int32" => string.Create(CultureInfo.InvariantCulture, $"a whole number from {int.MinValue} to {int.MaxValue}"),
        "Int64" => string.Create(CultureInfo.InvariantCulture, $"a whole number from {long.MinValue} to {long.MaxValue}"),
        "UInt64" => string.Create(CultureInfo.InvariantCulture, $"a whole number from 0 to {ulong.MaxValue}"),
        "UInt32" => string.Create(CultureInfo.InvariantCulture, $"a whole number from 0 to {uint.MaxValue}"),
        "Double" or "Single" => "a number (e.g. 0.5, 1e-3)",
        "Boolean" => "true or false",
        _ => $"a valid {type}",
    };

    [GeneratedRegex(@"^Unknown option '(?<name>[^']+)'", RegexOptions.IgnoreCase)]
    private static partial Regex UnknownOption();

    [GeneratedRegex(@"^Command '(?<command>[^']+)' is missing required option '(?<name>[^']+)'", RegexOptions.IgnoreCase)]
    private static partial Regex MissingOption();

    [GeneratedRegex(@"^Could not match '(?<value>[^']*)' with an argument", RegexOptions.IgnoreCase)]
    private static partial Regex UnmatchedArgument();

    [GeneratedRegex(@"^(?<value>.*) is not a valid value for (?<type>\w+)\.")]
    private static partial Regex NotValid();
}
