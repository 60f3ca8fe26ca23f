using System.Runtime.InteropServices;
using Tessera.Core.Errors;

namespace Tessera.Core.Arrays;

/// <summary>
/// A dense, C-ordered (row-major) n-dimensional array that owns its bytes. It is the exchange type for
/// .npy files, fixtures and tensors. Element access goes through typed spans (<see cref="AsSpan{T}"/>).
/// </summary>
public sealed class NdArray
{
    private readonly byte[] _data;
    private readonly int[] _shape;

    private NdArray(DType dtype, int[] shape, byte[] data)
    {
        DType = dtype;
        _shape = shape;
        _data = data;
    }

    /// <summary>Element type.</summary>
    public DType DType { get; }

    /// <summary>The dimensions (a copy; an empty array for a scalar).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long Length => ElementCount(_shape);

    /// <summary>The raw little-endian bytes of the elements in C order.</summary>
    public ReadOnlySpan<byte> Bytes => _data;

    /// <summary>Creates a zero-filled array.</summary>
    /// <param name="dtype">Element type.</param>
    /// <param name="shape">Dimensions, each ≥ 0.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="TesseraArgumentException">A dimension is negative.</exception>
    public static NdArray Zeros(DType dtype, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ValidateShape(shape);
        return new NdArray(dtype, (int[])shape.Clone(), new byte[checked(ElementCount(shape) * dtype.SizeOf())]);
    }

    /// <summary>Creates an array from elements (copied) and a shape.</summary>
    /// <typeparam name="T">A CLR type with a dtype (see <see cref="DTypes.Of{T}"/>).</typeparam>
    /// <param name="data">Elements in C order; copied.</param>
    /// <param name="shape">Dimensions; their product must equal <c>data.Length</c>.</param>
    /// <returns>A new array owning a copy of <paramref name="data"/>.</returns>
    /// <exception cref="TesseraArgumentException">The shape does not match the element count.</exception>
    public static NdArray FromArray<T>(ReadOnlySpan<T> data, params int[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        ValidateShape(shape);
        Guard.That(ElementCount(shape) == data.Length, nameof(shape),
            $"product of [{string.Join(", ", shape)}] must equal the element count {data.Length}");
        var bytes = MemoryMarshal.AsBytes(data).ToArray();
        return new NdArray(DTypes.Of<T>(), (int[])shape.Clone(), bytes);
    }

    /// <summary>Creates an array from raw bytes (copied).</summary>
    /// <param name="dtype">Element type.</param>
    /// <param name="shape">Dimensions.</param>
    /// <param name="bytes">Little-endian element bytes in C order.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="TesseraArgumentException">The byte count does not match shape × element size.</exception>
    public static NdArray FromBytes(DType dtype, int[] shape, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ValidateShape(shape);
        Guard.That(ElementCount(shape) * dtype.SizeOf() == bytes.Length, nameof(bytes),
            $"length {bytes.Length} must equal the shape's element count × {dtype.SizeOf()} bytes");
        return new NdArray(dtype, (int[])shape.Clone(), bytes.ToArray());
    }

    internal static NdArray Adopt(DType dtype, int[] shape, byte[] bytes) => new(dtype, shape, bytes);

    /// <summary>A writable view of the elements as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">Must match <see cref="DType"/> exactly.</typeparam>
    /// <returns>The span over this array's own memory.</returns>
    /// <exception cref="TesseraArgumentException"><typeparamref name="T"/> does not match the dtype.</exception>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        Guard.That(DTypes.Of<T>() == DType, nameof(T), $"element type {typeof(T).Name} does not match dtype {DType}");
        return MemoryMarshal.Cast<byte, T>(_data.AsSpan());
    }

    /// <summary>A copy of the elements converted to <see cref="double"/> (bool → 0/1).</summary>
    /// <returns>A new array of <see cref="Length"/> values.</returns>
    public double[] ToDoubleArray()
    {
        var result = new double[Length];
        var b = _data.AsSpan();
        switch (DType)
        {
            case DType.Bool:
            case DType.UInt8: for (var i = 0; i < result.Length; i++) { result[i] = b[i]; } break;
            case DType.Int8: Convert(MemoryMarshal.Cast<byte, sbyte>(b), result, v => v); break;
            case DType.Int16: Convert(MemoryMarshal.Cast<byte, short>(b), result, v => v); break;
            case DType.UInt16: Convert(MemoryMarshal.Cast<byte, ushort>(b), result, v => v); break;
            case DType.Int32: Convert(MemoryMarshal.Cast<byte, int>(b), result, v => v); break;
            case DType.UInt32: Convert(MemoryMarshal.Cast<byte, uint>(b), result, v => v); break;
            case DType.Int64: Convert(MemoryMarshal.Cast<byte, long>(b), result, v => v); break;
            case DType.UInt64: Convert(MemoryMarshal.Cast<byte, ulong>(b), result, v => v); break;
            case DType.Float16: Convert(MemoryMarshal.Cast<byte, Half>(b), result, v => (double)v); break;
            case DType.Float32: Convert(MemoryMarshal.Cast<byte, float>(b), result, v => v); break;
            case DType.Float64: MemoryMarshal.Cast<byte, double>(b).CopyTo(result); break;
            default: throw new InvalidOperationException($"unknown dtype {DType}");
        }
        return result;
    }

    /// <summary>A copy of the elements converted to <see cref="float"/>.</summary>
    /// <returns>A new array of <see cref="Length"/> values.</returns>
    public float[] ToFloatArray()
    {
        if (DType == DType.Float32)
        {
            return MemoryMarshal.Cast<byte, float>(_data).ToArray();
        }
        var d = ToDoubleArray();
        var f = new float[d.Length];
        for (var i = 0; i < d.Length; i++) { f[i] = (float)d[i]; }
        return f;
    }

    /// <summary>A copy of the elements converted to <see cref="long"/> (floats truncated toward zero).</summary>
    /// <returns>A new array of <see cref="Length"/> values.</returns>
    public long[] ToInt64Array()
    {
        if (DType == DType.Int64)
        {
            return MemoryMarshal.Cast<byte, long>(_data).ToArray();
        }
        var d = ToDoubleArray();
        var r = new long[d.Length];
        for (var i = 0; i < d.Length; i++) { r[i] = (long)d[i]; }
        return r;
    }

    /// <summary>A deep copy.</summary>
    /// <returns>A new array with its own bytes.</returns>
    public NdArray Clone() => new(DType, (int[])_shape.Clone(), (byte[])_data.Clone());

    /// <summary>The same elements under another shape with the same element count.</summary>
    /// <param name="shape">New dimensions.</param>
    /// <returns>A new array (copied bytes).</returns>
    /// <exception cref="TesseraArgumentException">The element counts differ.</exception>
    public NdArray Reshape(params int[] shape) => FromBytes(DType, shape, _data);

    /// <inheritdoc />
    public override string ToString() => $"NdArray<{DType}>[{string.Join(", ", _shape)}]";

    internal static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape) { n = checked(n * d); }
        return n;
    }

    private static void ValidateShape(int[] shape)
    {
        for (var i = 0; i < shape.Length; i++)
        {
            Guard.That(shape[i] >= 0, nameof(shape), $"dimension {i} must be ≥ 0 (got {shape[i]})");
        }
    }

    private static void Convert<T>(ReadOnlySpan<T> src, double[] dst, Func<T, double> f)
    {
        for (var i = 0; i < src.Length; i++) { dst[i] = f(src[i]); }
    }
}
