using Tessera.Core.Arrays;
using Tessera.Core.Errors;

namespace Tessera.Segmentation.SegFix;

/// <summary>
/// SegFix ground truth of one label map: fused distance, depth, boundary mask, direction-filter response and
/// angle; direction bins and oracle offsets for 4, 8 or 16 bins are derived on request. Produced by
/// <see cref="SegFixGroundTruth.Compute"/>. Every accessor returns a new array the caller owns.
/// </summary>
public sealed class SegFixTargets
{
    private readonly byte[] _labels;
    private readonly float[] _fused;
    private readonly byte[] _depth;
    private readonly sbyte[] _boundary;
    private readonly float[] _response;
    private readonly byte[] _dirDeg;

    internal SegFixTargets(SegFixOptions options, int height, int width, byte[] labels, float[] fused, byte[] depth, sbyte[] boundary,
        float[] response, byte[] dirDeg, IReadOnlyList<int> processed, IReadOnlyList<int> skipped)
    {
        Options = options;
        Height = height;
        Width = width;
        _labels = labels;
        _fused = fused;
        _depth = depth;
        _boundary = boundary;
        _response = response;
        _dirDeg = dirDeg;
        ProcessedClasses = processed;
        SkippedClasses = skipped;
    }

    /// <summary>The options used.</summary>
    public SegFixOptions Options { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Classes present with at least <see cref="SegFixOptions.MinClassPixels"/> pixels, ascending.</summary>
    public IReadOnlyList<int> ProcessedClasses { get; }

    /// <summary>Classes present with fewer pixels (distance 0, always boundary), ascending.</summary>
    public IReadOnlyList<int> SkippedClasses { get; }

    internal ReadOnlySpan<sbyte> BoundarySpan => _boundary;

    internal ReadOnlySpan<byte> DirDegSpan => _dirDeg;

    /// <summary>Fused distance map: float32 H×W, the class's Euclidean distance to the nearest other label at each
    /// pixel of a processed class, 0 on ignore and skipped-class pixels.</summary>
    /// <returns>A new float32 array [H, W].</returns>
    public NdArray DistanceMap() => NdArray.FromArray<float>(_fused, Height, Width);

    /// <summary>Distance map of one processed class (its distances on its pixels, 0 elsewhere).</summary>
    /// <param name="classId">A class in <see cref="ProcessedClasses"/>.</param>
    /// <returns>A new float32 array [H, W].</returns>
    /// <exception cref="TesseraArgumentException">The class was not processed.</exception>
    public NdArray ClassDistanceMap(int classId)
    {
        Guard.That(ProcessedClasses.Contains(classId), nameof(classId), $"class {classId} was not processed (not present or under {Options.MinClassPixels} px)");
        var d = new float[_fused.Length];
        for (var i = 0; i < d.Length; i++) { d[i] = _labels[i] == classId ? _fused[i] : 0f; }
        return NdArray.FromArray<float>(d, Height, Width);
    }

    /// <summary>The generator's <c>depth</c>: <c>uint8(trunc(min(distance, DepthClip)))</c>.</summary>
    /// <returns>A new uint8 array [H, W].</returns>
    public NdArray Depth() => NdArray.FromArray<byte>(_depth, Height, Width);

    /// <summary>Boundary mask: 1 where MinDistance ≤ depth ≤ MaxDistance, else 0; −1 on ignore pixels.</summary>
    /// <returns>A new int8 array [H, W].</returns>
    public NdArray Boundary() => NdArray.FromArray<sbyte>(_boundary, Height, Width);

    /// <summary>Direction-filter response (dy, dx) per pixel.</summary>
    /// <returns>A new float32 array [H, W, 2].</returns>
    public NdArray DirectionResponse() => NdArray.FromArray<float>(_response, Height, Width, 2);

    /// <summary>The generator's <c>dir_deg</c> (half-degree steps, 0..180).</summary>
    /// <returns>A new uint8 array [H, W].</returns>
    public NdArray DirectionDegrees() => NdArray.FromArray<byte>(_dirDeg, Height, Width);

    /// <summary>Direction bin of every pixel, −1 on ignore.</summary>
    /// <param name="bins">4, 8 or 16.</param>
    /// <returns>A new int8 array [H, W].</returns>
    /// <exception cref="TesseraArgumentException">Unsupported bin count.</exception>
    public NdArray DirectionBinMap(int bins)
    {
        DirectionBins.RequireBins(bins);
        var lut = new sbyte[181];
        for (var d = 0; d <= 180; d++) { lut[d] = (sbyte)DirectionBins.BinUnchecked(d, bins); }
        var result = new sbyte[_dirDeg.Length];
        var ignore = Options.IgnoreLabel;
        for (var i = 0; i < result.Length; i++) { result[i] = _labels[i] == ignore ? (sbyte)-1 : lut[_dirDeg[i]]; }
        return NdArray.FromArray<sbyte>(result, Height, Width);
    }

    /// <summary>Oracle offsets: the bin's (row, column) step where the boundary mask is 1, (0, 0) elsewhere; unscaled.</summary>
    /// <param name="bins">4, 8 or 16.</param>
    /// <returns>A new int8 array [H, W, 2].</returns>
    /// <exception cref="TesseraArgumentException">Unsupported bin count.</exception>
    public NdArray OffsetMap(int bins)
    {
        DirectionBins.RequireBins(bins);
        var table = DirectionBins.TableOf(bins);
        var result = new sbyte[_dirDeg.Length * 2];
        for (var i = 0; i < _dirDeg.Length; i++)
        {
            if (_boundary[i] != 1) { continue; }
            var t = table[DirectionBins.BinUnchecked(_dirDeg[i], bins)];
            result[2 * i] = t[0];
            result[(2 * i) + 1] = t[1];
        }
        return NdArray.FromArray<sbyte>(result, Height, Width, 2);
    }
}
