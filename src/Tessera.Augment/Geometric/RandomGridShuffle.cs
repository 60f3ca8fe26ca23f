using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="RandomGridShuffle"/>: per tile [cur_row, cur_col, old_row, old_col, height, width].</summary>
/// <param name="Tiles">The tile moves.</param>
public sealed record RandomGridShuffleParams(int[][] Tiles);

/// <summary>Splits the image into a grid and shuffles tiles of equal size (albumentations <c>RandomGridShuffle</c>). Boxes are not supported, as in 1.3.1.</summary>
public sealed class RandomGridShuffle : DualTransform<RandomGridShuffleParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="grid">Rows and columns of the grid.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomGridShuffle((int Rows, int Cols)? grid = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Grid = grid ?? (3, 3);
        Guard.That(Grid.Rows > 0 && Grid.Cols > 0, nameof(grid), $"must be positive (got {Grid})");
    }

    /// <inheritdoc />
    public override bool SupportsBoxes => false;

    /// <inheritdoc />
    public override string Name => "RandomGridShuffle";

    /// <summary>Grid rows and columns.</summary>
    public (int Rows, int Cols) Grid { get; }

    /// <inheritdoc />
    public override RandomGridShuffleParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int height = context.Shape.Height, width = context.Shape.Width;
        var (n, m) = Grid;
        Guard.That(n <= height / 2 && m <= width / 2, "grid", $"{n}×{m} cells are too small for a {height}×{width} image");
        var hs = IntLinspace(height, n);
        var ws = IntLinspace(width, m);
        var cells = new List<(int R, int C)>();
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < m; c++)
            {
                cells.Add((r, c));
            }
        }
        var source = cells.ToArray();
        foreach (var group in cells.GroupBy(rc => (hs[rc.R + 1] - hs[rc.R], ws[rc.C + 1] - ws[rc.C])).OrderBy(g => g.Key))
        {
            var members = group.ToList();
            var perm = members.ToArray();
            for (var i = perm.Length - 1; i > 0; i--)
            {
                var j = random.NextInt(0, i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            for (var i = 0; i < members.Count; i++)
            {
                source[(members[i].R * m) + members[i].C] = perm[i];
            }
        }
        var tiles = new int[n * m][];
        for (var k = 0; k < cells.Count; k++)
        {
            var (r, c) = cells[k];
            var (sr, sc) = source[k];
            tiles[k] = [hs[r], ws[c], hs[sr], ws[sc], hs[r + 1] - hs[r], ws[c + 1] - ws[c]];
        }
        return new RandomGridShuffleParams(tiles);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomGridShuffleParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        var output = image.Clone();
        var px = image.Channels * image.ElementSize;
        var src = image.Bytes;
        var dst = output.Bytes;
        foreach (var t in parameters.Tiles)
        {
            Guard.That(t is { Length: 6 }, "tiles", "each tile must have 6 integers");
            var h = Math.Min(t[4], Math.Min(image.Height - t[0], image.Height - t[2]));
            var w = Math.Min(t[5], Math.Min(image.Width - t[1], image.Width - t[3]));
            for (var y = 0; y < h; y++)
            {
                src.Slice((((t[2] + y) * image.Width) + t[3]) * px, w * px).CopyTo(dst.Slice((((t[0] + y) * image.Width) + t[1]) * px, w * px));
            }
        }
        return output;
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, RandomGridShuffleParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var t in parameters.Tiles)
        {
            if (t[2] <= keypoint.Y && keypoint.Y < t[2] + t[4] && t[3] <= keypoint.X && keypoint.X < t[3] + t[5])
            {
                return keypoint with { X = keypoint.X - t[3] + t[1], Y = keypoint.Y - t[2] + t[0] };
            }
        }
        return keypoint;
    }

    internal override void WriteTransformArgs(ArgWriter writer) => writer.Add("grid", (Grid.Rows, Grid.Cols));

    /// <summary>numpy <c>linspace(0, size, parts + 1, dtype=int32)</c>.</summary>
    private static int[] IntLinspace(int size, int parts)
    {
        var step = size / (double)parts;
        var r = Enumerable.Range(0, parts + 1).Select(i => (int)(i * step)).ToArray();
        r[^1] = size;
        return r;
    }
}
