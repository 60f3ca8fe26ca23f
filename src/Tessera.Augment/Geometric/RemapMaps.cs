using System.Buffers;

namespace Tessera.Augment.Geometric;

/// <summary>A pair of <c>cv2.remap</c> coordinate maps rented from the shared float pool (at least the requested length each).</summary>
internal readonly record struct RemapMaps(float[] X, float[] Y) : IDisposable
{
    public static RemapMaps Rent(int length) => new(ArrayPool<float>.Shared.Rent(length), ArrayPool<float>.Shared.Rent(length));

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(X);
        ArrayPool<float>.Shared.Return(Y);
    }
}
