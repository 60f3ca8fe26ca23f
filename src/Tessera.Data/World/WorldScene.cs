using Tessera.Core.Arrays;
using Tessera.Core.Imaging;

namespace Tessera.Data.World;

/// <summary>
/// One generated scene: an RGB image, its instance and semantic masks, the objects with their annotations, a
/// caption and referring expressions. Arrays are row-major and owned by the scene; accessors return copies.
/// </summary>
public sealed class WorldScene
{
    private readonly byte[] _rgb;
    private readonly byte[] _instances;
    private readonly byte[] _semantic;

    internal WorldScene(int index, string domain, int height, int width, byte[] rgb, byte[] instances, byte[] semantic,
        IReadOnlyList<WorldObject> objects, string background, string caption, IReadOnlyList<ReferringExpression> expressions)
    {
        Index = index;
        Domain = domain;
        Height = height;
        Width = width;
        _rgb = rgb;
        _instances = instances;
        _semantic = semantic;
        Objects = objects;
        Background = background;
        Caption = caption;
        ReferringExpressions = expressions;
    }

    /// <summary>The sample index this scene was generated from.</summary>
    public int Index { get; }

    /// <summary>The domain's name.</summary>
    public string Domain { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>The objects, in painting order (instance id = position + 1).</summary>
    public IReadOnlyList<WorldObject> Objects { get; }

    /// <summary>The background kind (a name of <see cref="WorldVocabulary.Backgrounds"/>).</summary>
    public string Background { get; }

    /// <summary>A caption listing the objects left to right, e.g. "a small red triangle and a large blue ring on a flat background".</summary>
    public string Caption { get; }

    /// <summary>Referring expressions: for every object one by attributes and, when there is another object, one with a relation.</summary>
    public IReadOnlyList<ReferringExpression> ReferringExpressions { get; }

    /// <summary>Objects per shape name (shapes that do not occur have count 0).</summary>
    public IReadOnlyDictionary<string, int> Counts =>
        WorldVocabulary.Shapes.ToDictionary(s => s, s => Objects.Count(o => o.ShapeName == s), StringComparer.Ordinal);

    /// <summary>The RGB pixels (H·W·3 bytes), without copying.</summary>
    public ReadOnlySpan<byte> Pixels => _rgb;

    /// <summary>The RGB pixels (H·W·3 bytes) as read-only memory, without copying (for delegates and async code).</summary>
    public ReadOnlyMemory<byte> PixelMemory => _rgb;

    /// <summary>The instance mask (H·W bytes: 0 background, else instance id), without copying.</summary>
    public ReadOnlySpan<byte> InstanceMask => _instances;

    /// <summary>The semantic mask (H·W bytes: 0 background, else shape + 1), without copying.</summary>
    public ReadOnlySpan<byte> SemanticMask => _semantic;

    /// <summary>The image as a new RGB uint8 <see cref="Image"/> the caller owns.</summary>
    /// <returns>A new image.</returns>
    public Image ToImage() => Image.FromPixels<byte>(_rgb, Height, Width, 3);

    /// <summary>The image as a new uint8 array <c>[H, W, 3]</c>.</summary>
    /// <returns>A new array.</returns>
    public NdArray ToArray() => NdArray.FromArray<byte>(_rgb, Height, Width, 3);

    /// <summary>The instance mask as a new uint8 array <c>[H, W]</c>.</summary>
    /// <returns>A new array.</returns>
    public NdArray InstanceMaskArray() => NdArray.FromArray<byte>(_instances, Height, Width);

    /// <summary>The semantic mask as a new uint8 array <c>[H, W]</c>.</summary>
    /// <returns>A new array.</returns>
    public NdArray SemanticMaskArray() => NdArray.FromArray<byte>(_semantic, Height, Width);

    /// <summary>The binary mask of one object (1 where the instance mask equals <paramref name="instanceId"/>).</summary>
    /// <param name="instanceId">An instance id.</param>
    /// <returns>A new H·W byte array.</returns>
    public byte[] ObjectMask(int instanceId)
    {
        var mask = new byte[_instances.Length];
        for (var i = 0; i < mask.Length; i++) { mask[i] = _instances[i] == instanceId ? (byte)1 : (byte)0; }
        return mask;
    }
}
