namespace Tessera.Nn.Weights;

/// <summary>Options for <see cref="SafetensorsFile.Read(string, SafetensorsReadOptions?)"/>.</summary>
public sealed record SafetensorsReadOptions
{
    /// <summary>
    /// Convert <c>BF16</c> tensors to float32 when they are read (exact: bfloat16 is the top half of a float32).
    /// When false (the default) reading a <c>BF16</c> tensor throws, because <see cref="Tessera.Core.Arrays.NdArray"/>
    /// has no bfloat16 element type and a silent widening would double the tensor's memory.
    /// </summary>
    public bool ConvertBFloat16ToFloat32 { get; init; }

    /// <summary>Largest accepted JSON header in bytes (the safetensors reference caps it at 100 MB).</summary>
    public long MaxHeaderBytes { get; init; } = 100_000_000;
}
