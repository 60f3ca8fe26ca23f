namespace Tessera.Core.Errors;

/// <summary>
/// An argument broke a documented rule. <see cref="ArgumentException.ParamName"/> names the argument and
/// <see cref="Rule"/> states the rule, e.g. <c>mask: size 10×12 must equal the image size 10×14</c>.
/// </summary>
public class TesseraArgumentException : ArgumentException
{
    /// <summary>Creates an empty exception (for serializers).</summary>
    public TesseraArgumentException() { }

    /// <summary>Creates an exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public TesseraArgumentException(string message) : base(message) { Rule = message; }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TesseraArgumentException(string message, Exception innerException) : base(message, innerException) { Rule = message; }

    /// <summary>Creates an exception naming the argument and the rule it broke.</summary>
    /// <param name="paramName">Name of the offending argument.</param>
    /// <param name="rule">The rule, phrased so that it reads after the argument name.</param>
    public TesseraArgumentException(string paramName, string rule)
        : base($"{paramName}: {rule}", paramName) { Rule = rule; }

    /// <summary>The rule that was broken, without the argument name.</summary>
    public string Rule { get; } = "";

    /// <inheritdoc />
    public override string Message => ParamName is null ? base.Message : $"{ParamName}: {Rule}";
}
