using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Tessera.Augment.Common;

/// <summary>
/// A <see cref="Mat"/> header over a managed array, which stays pinned until this is disposed. OpenCvSharp's own
/// <c>Mat.FromPixelData(rows, cols, type, Array)</c> leaves one finalizable object behind per call even when the Mat is
/// disposed (10,000 calls: 10,000 objects waiting for the finalizer), which the transforms that build a small matrix
/// per image (warps, kernels, colour matrices) paid for at every garbage collection.
/// </summary>
internal sealed class ArrayMat : IDisposable
{
    private GCHandle _pin;

    /// <summary>Pins <paramref name="data"/> and lays a <paramref name="rows"/>×<paramref name="cols"/> header of
    /// <paramref name="type"/> over its first elements.</summary>
    public ArrayMat(Array data, int rows, int cols, MatType type)
    {
        _pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            Mat = Mat.FromPixelData(rows, cols, type, _pin.AddrOfPinnedObject());
        }
        catch
        {
            _pin.Free();
            throw;
        }
    }

    /// <summary>The header (valid until <see cref="Dispose"/>).</summary>
    public Mat Mat { get; }

    /// <summary>The header, where a <see cref="Mat"/> is wanted.</summary>
    public static implicit operator Mat(ArrayMat array) => array.Mat;

    /// <summary>Disposes the header, then unpins the array.</summary>
    public void Dispose()
    {
        Mat.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
