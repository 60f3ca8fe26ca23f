using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="CLAHE"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="ClipLimit">The clip limit.</param>
public sealed record CLAHEParams(double ClipLimit);

/// <summary>Contrast-limited adaptive histogram equalization (on L of Lab for RGB; uint8) (albumentations <c>CLAHE</c>).</summary>
public sealed class CLAHE : ImageOnlyTransform<CLAHEParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="clipLimit">Clip limit range (<c>clip_limit</c>, default (1, 4)).</param>
    /// <param name="tileGridSize">Tile grid (<c>tile_grid_size</c>, default (8, 8)), passed to OpenCV as (width, height).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public CLAHE(Limit? clipLimit = null, (int A, int B)? tileGridSize = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var clipLimitRange = (clipLimit ?? (1, 4)).From(1);
        Guard.That(tileGridSize is null || (tileGridSize.Value.A > 0 && tileGridSize.Value.B > 0), nameof(tileGridSize), "must be positive");
        ClipLimit = clipLimitRange;
        TileGridSize = tileGridSize ?? (8, 8);
    }

    /// <summary>Clip limit range (<c>clip_limit</c>, default (1, 4)).</summary>
    public (double Low, double High) ClipLimit { get; }

    /// <summary>Tile grid (<c>tile_grid_size</c>, default (8, 8)), passed to OpenCV as (width, height).</summary>
    public (int A, int B) TileGridSize { get; }

    /// <inheritdoc />
    public override string Name => "CLAHE";

    /// <inheritdoc />
    public override CLAHEParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(ClipLimit.Low, ClipLimit.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, CLAHEParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return EqualizeKernels.Clahe(image, parameters.ClipLimit, TileGridSize.A, TileGridSize.B);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("clip_limit", ClipLimit);
        writer.Add("tile_grid_size", TileGridSize);
    }
}
