using Tessera.Core.Arrays;

namespace Tessera.Nn.Weights;

/// <summary>The safetensors dtype strings and their element sizes.</summary>
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
}
