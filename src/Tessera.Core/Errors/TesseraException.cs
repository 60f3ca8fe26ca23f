namespace Tessera.Core.Errors;

/// <summary>Base type of every error Tessera raises on purpose (bad data, unsupported formats, native loading).</summary>
public class TesseraException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public TesseraException() { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the thing at fault.</param>
    public TesseraException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong, naming the thing at fault.</param>
    /// <param name="innerException">The underlying error.</param>
    public TesseraException(string message, Exception innerException) : base(message, innerException) { }
}
