namespace Tessera.Nn.Weights;

/// <summary>A validated safetensors header: its entries, its metadata and where the data block lies in the file.</summary>
/// <param name="Tensors">Entries in header order, validated and tiling the data block.</param>
/// <param name="Metadata">The <c>__metadata__</c> strings (empty when absent).</param>
/// <param name="DataStart">File offset of the data block.</param>
/// <param name="DataLength">Length of the data block in bytes.</param>
internal sealed record SafetensorsLayout(
    IReadOnlyList<SafetensorsTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataStart, long DataLength);
