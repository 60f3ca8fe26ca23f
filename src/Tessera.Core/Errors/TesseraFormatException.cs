namespace Tessera.Core.Errors;

/// <summary>
/// A file or stream is malformed or uses an unsupported variant of its format. The message names the
/// source and, where known, the line or byte position.
/// </summary>
public class TesseraFormatException : TesseraException
{
    /// <summary>Creates an empty exception (for serializers).</summary>
    public TesseraFormatException() { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public TesseraFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TesseraFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception that names the source and the position of the problem.</summary>
    /// <param name="source">File path or stream description.</param>
    /// <param name="position">Human-readable position, e.g. <c>line 12</c> or <c>byte 128</c>; may be null.</param>
    /// <param name="problem">What is wrong at that position.</param>
    public TesseraFormatException(string source, string? position, string problem)
        : base(position is null ? $"{source}: {problem}" : $"{source} ({position}): {problem}")
    {
        Source = source;
        Position = position;
    }

    /// <summary>The position within the source (line/byte), if known.</summary>
    public string? Position { get; }
}
