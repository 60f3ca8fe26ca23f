using Tessera.Core.Errors;

namespace Tessera.Nn.Runtime;

/// <summary>
/// TorchSharp's native libraries could not be loaded. The message says what was tried: the native folder
/// that was found (or the folders searched), the files loaded, the outcome of the shim patch and the
/// dynamic loader's error text.
/// </summary>
public class TorchRuntimeException : TesseraException
{
    /// <summary>Creates an empty exception (for serializers).</summary>
    public TorchRuntimeException() { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What was tried and what failed.</param>
    public TorchRuntimeException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    /// <param name="message">What was tried and what failed.</param>
    /// <param name="innerException">The underlying error.</param>
    public TorchRuntimeException(string message, Exception innerException) : base(message, innerException) { }
}
