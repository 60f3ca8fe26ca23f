namespace Tessera.Core.Arrays;

/// <summary>Element types an <see cref="NdArray"/> can hold (the numpy dtypes of the .npy format Tessera reads).</summary>
public enum DType
{
    /// <summary>numpy <c>|b1</c>, one byte, 0 or 1.</summary>
    Bool,
    /// <summary>numpy <c>|i1</c>.</summary>
    Int8,
    /// <summary>numpy <c>|u1</c>.</summary>
    UInt8,
    /// <summary>numpy <c>&lt;i2</c>.</summary>
    Int16,
    /// <summary>numpy <c>&lt;u2</c>.</summary>
    UInt16,
    /// <summary>numpy <c>&lt;i4</c>.</summary>
    Int32,
    /// <summary>numpy <c>&lt;u4</c>.</summary>
    UInt32,
    /// <summary>numpy <c>&lt;i8</c>.</summary>
    Int64,
    /// <summary>numpy <c>&lt;u8</c>.</summary>
    UInt64,
    /// <summary>numpy <c>&lt;f2</c> (IEEE half).</summary>
    Float16,
    /// <summary>numpy <c>&lt;f4</c>.</summary>
    Float32,
    /// <summary>numpy <c>&lt;f8</c>.</summary>
    Float64,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>Size of one element in bytes.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    public static int SizeOf(this DType type) => type switch
    {
        DType.Bool or DType.Int8 or DType.UInt8 => 1,
        DType.Int16 or DType.UInt16 or DType.Float16 => 2,
        DType.Int32 or DType.UInt32 or DType.Float32 => 4,
        DType.Int64 or DType.UInt64 or DType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown dtype"),
    };

    /// <summary>The numpy descriptor string (<c>descr</c>) of a type, e.g. <c>&lt;f4</c>.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>The descriptor.</returns>
    public static string NumpyDescr(this DType type) => type switch
    {
        DType.Bool => "|b1",
        DType.Int8 => "|i1",
        DType.UInt8 => "|u1",
        DType.Int16 => "<i2",
        DType.UInt16 => "<u2",
        DType.Int32 => "<i4",
        DType.UInt32 => "<u4",
        DType.Int64 => "<i8",
        DType.UInt64 => "<u8",
        DType.Float16 => "<f2",
        DType.Float32 => "<f4",
        DType.Float64 => "<f8",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown dtype"),
    };

    /// <summary>The <see cref="DType"/> that matches a CLR element type.</summary>
    /// <typeparam name="T">bool, sbyte, byte, short, ushort, int, uint, long, ulong, Half, float or double.</typeparam>
    /// <returns>The dtype.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no dtype.</exception>
    public static DType Of<T>() where T : unmanaged
    {
        var t = typeof(T);
        if (t == typeof(bool)) { return DType.Bool; }
        if (t == typeof(sbyte)) { return DType.Int8; }
        if (t == typeof(byte)) { return DType.UInt8; }
        if (t == typeof(short)) { return DType.Int16; }
        if (t == typeof(ushort)) { return DType.UInt16; }
        if (t == typeof(int)) { return DType.Int32; }
        if (t == typeof(uint)) { return DType.UInt32; }
        if (t == typeof(long)) { return DType.Int64; }
        if (t == typeof(ulong)) { return DType.UInt64; }
        if (t == typeof(Half)) { return DType.Float16; }
        if (t == typeof(float)) { return DType.Float32; }
        if (t == typeof(double)) { return DType.Float64; }
        throw new NotSupportedException($"element type {t.Name} has no Tessera dtype");
    }
}
