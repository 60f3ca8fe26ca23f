using Tessera.Core.Arrays;
using static TorchSharp.torch;

namespace Tessera.Nn.Weights;

/// <summary>The safetensors dtype strings, their element sizes and their <see cref="DType"/> and TorchSharp equivalents.</summary>
internal static class SafetensorsDTypes
{
    /// <summary>The bfloat16 dtype string.</summary>
    public const string BFloat16 = "BF16";

    /// <summary>Element size in bytes of a dtype string, or 0 when unknown.</summary>
    public static int SizeOf(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E4M3" or "F8_E5M2" => 1,
        "U16" or "I16" or "F16" or BFloat16 => 2,
        "U32" or "I32" or "F32" => 4,
        "U64" or "I64" or "F64" => 8,
        _ => 0,
    };

    /// <summary>The <see cref="DType"/> of a dtype string, if Tessera arrays can hold it directly.</summary>
    public static DType? ToDType(string dtype) => dtype switch
    {
        "BOOL" => DType.Bool,
        "U8" => DType.UInt8,
        "I8" => DType.Int8,
        "U16" => DType.UInt16,
        "I16" => DType.Int16,
        "F16" => DType.Float16,
        "U32" => DType.UInt32,
        "I32" => DType.Int32,
        "F32" => DType.Float32,
        "U64" => DType.UInt64,
        "I64" => DType.Int64,
        "F64" => DType.Float64,
        _ => null,
    };

    /// <summary>The dtype string of a <see cref="DType"/>.</summary>
    public static string FromDType(DType dtype) => dtype switch
    {
        DType.Bool => "BOOL",
        DType.UInt8 => "U8",
        DType.Int8 => "I8",
        DType.UInt16 => "U16",
        DType.Int16 => "I16",
        DType.Float16 => "F16",
        DType.UInt32 => "U32",
        DType.Int32 => "I32",
        DType.Float32 => "F32",
        DType.UInt64 => "U64",
        DType.Int64 => "I64",
        DType.Float64 => "F64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>The TorchSharp element type of a dtype string, if a tensor can hold it.</summary>
    public static ScalarType? ToScalarType(string dtype) => dtype switch
    {
        "F64" => ScalarType.Float64,
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        BFloat16 => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => null,
    };

    /// <summary>The dtype string of a TorchSharp element type, or null when safetensors has none (complex, quantized).</summary>
    public static string? FromScalarType(ScalarType type) => type switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => BFloat16,
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => null,
    };
}
