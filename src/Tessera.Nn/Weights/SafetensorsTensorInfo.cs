namespace Tessera.Nn.Weights;

/// <summary>A tensor's header entry in a safetensors file.</summary>
/// <param name="Name">Tensor name (the state-dict key).</param>
/// <param name="DType">The safetensors dtype string, e.g. <c>F32</c>, <c>I64</c>, <c>BF16</c>.</param>
/// <param name="Shape">Dimensions (empty for a scalar).</param>
/// <param name="Begin">Start of the data, relative to the data block.</param>
/// <param name="End">End (exclusive) of the data, relative to the data block.</param>
public sealed record SafetensorsTensorInfo(string Name, string DType, IReadOnlyList<int> Shape, long Begin, long End)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    /// <summary>Size of the data in bytes.</summary>
    public long ByteLength => End - Begin;
}
