using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Common;

/// <summary>
/// OpenCV's <c>resize(..., INTER_LINEAR)</c> for uint8 images, bit for bit, without OpenCV.
/// </summary>
/// <remarks>
/// <para>
/// What OpenCV computes for CV_8U (its generic separable path; the IPP HAL declines 8-bit linear resize because IPP's
/// result is not exact). With scale = 1 / (dstW / srcW) in double, destination column dx samples
/// fx = (float)((dx + 0.5)·scale − 0.5), sx = ⌊fx⌋, f = fx − sx, with the weights a₀ = round((1 − f)·2048) and
/// a₁ = round(f·2048) (float, round half to even, each rounded separately). Columns left of the image (sx &lt; 0) and
/// right of it (sx ≥ W − 1) take the edge pixel with weight 2048. The horizontal pass gives exact integers
/// S = a₀·p[sx] + a₁·p[sx + 1]. Rows use the same formula, but the weights are never reset at the borders: the two
/// rows are clamped into the image and keep b₀, b₁.
/// </para>
/// <para>
/// The vertical pass rounds in stages: ((b₀·(S₀ &gt;&gt; 4)) &gt;&gt; 16 + (b₁·(S₁ &gt;&gt; 4)) &gt;&gt; 16 + 2) &gt;&gt; 2. OpenCV's uint8
/// vertical kernel uses this formula in its SIMD body and in its scalar tail alike (a specialisation replaces the
/// generic (b₀·S₀ + b₁·S₁ + 2²¹) &gt;&gt; 22, which can differ by one); tests against OpenCvSharp confirm it for every row
/// length. The result never exceeds 255 (weights sum to at most 2049), and is saturated anyway.
/// </para>
/// <para>
/// Not covered (see <see cref="Supports(Image, int, int)"/>): an exact 2× downscale on both axes, which OpenCV turns
/// into INTER_AREA.
/// </para>
/// <para>
/// Layout: each needed source row is resized horizontally once into a line of S &gt;&gt; 4 (below 2¹⁵, so 16-bit; two lines
/// are kept, as consecutive output rows share source rows), then each output row combines two lines. The horizontal
/// pass fetches the source byte pairs of 8 outputs with a byte shuffle of one 16-byte load (upscales and mild
/// downscales) or of two (4 outputs each; downscales up to 4×) and multiplies-adds them with their weights in one
/// instruction; blocks spread wider take the scalar code, so <see cref="IsFast"/> sends ratios above 4 to OpenCV. The vector code needs AVX2 (<see cref="IsAccelerated"/>); the scalar code computes the
/// same result.
/// </para>
/// </remarks>
internal static unsafe class LinearResize8U
{
    /// <summary>OpenCV's INTER_RESIZE_COEF_SCALE: weights are in 11-bit fixed point.</summary>
    private const int One = 2048;

    /// <summary>C's DBL_EPSILON (not <see cref="double.Epsilon"/>, the smallest subnormal).</summary>
    private const double DblEpsilon = 2.220446049250313e-16;

    /// <summary>Outputs per horizontal block (one shuffle, one multiply-add).</summary>
    private const int Block = 8;

    /// <summary>Outputs per 128-bit half of a block, whose byte pairs come from one 16-byte load.</summary>
    private const int HalfBlock = 4;

    /// <summary>Block start marking a block computed by the scalar code.</summary>
    private const int Scalar = -1;

    /// <summary>Second block start marking a block whose bytes all come from the first load.</summary>
    private const int OneLoad = -2;

    /// <summary>
    /// True when the vector code runs (x86 with AVX2). Without it the scalar code is exact but several times slower
    /// than OpenCV, so callers should keep OpenCV.
    /// </summary>
    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>
    /// True when the vector code covers (nearly) every output: a horizontal downscale of at most 4 (wider ratios leave
    /// the byte pairs of 4 outputs more than 16 bytes apart, and the scalar code is slower than OpenCV).
    /// </summary>
    /// <param name="sourceWidth">Columns of the resized window.</param>
    /// <param name="width">Output columns.</param>
    public static bool IsFast(int sourceWidth, int width) => IsAccelerated && sourceWidth <= 4L * width;

    /// <summary>True when <see cref="Resize(Image, int, int)"/> gives OpenCV's exact INTER_LINEAR result for <paramref name="image"/>.</summary>
    /// <param name="image">The source image.</param>
    /// <param name="height">Output rows.</param>
    /// <param name="width">Output columns.</param>
    public static bool Supports(Image image, int height, int width) => Supports(image, image.Height, image.Width, height, width);

    /// <summary>As <see cref="Supports(Image, int, int)"/> for a <paramref name="windowHeight"/>×<paramref name="windowWidth"/> window of <paramref name="image"/>.</summary>
    /// <param name="image">The source image.</param>
    /// <param name="windowHeight">Rows of the window that is resized.</param>
    /// <param name="windowWidth">Columns of the window that is resized.</param>
    /// <param name="height">Output rows.</param>
    /// <param name="width">Output columns.</param>
    public static bool Supports(Image image, int windowHeight, int windowWidth, int height, int width)
        => image.PixelType == PixelType.UInt8 && image.Channels is >= 1 and <= 4 && image.Rank is 2 or 3
           && windowHeight >= 1 && windowWidth >= 1 && height >= 1 && width >= 1
           && !BecomesArea(windowHeight, windowWidth, height, width);

    /// <summary>
    /// True when OpenCV replaces INTER_LINEAR by INTER_AREA: both scales (1 / (dst / src), in double) are within
    /// DBL_EPSILON of an integer and that integer is 2 on both axes.
    /// </summary>
    internal static bool BecomesArea(int srcHeight, int srcWidth, int dstHeight, int dstWidth)
    {
        var scaleX = 1.0 / ((double)dstWidth / srcWidth);
        var scaleY = 1.0 / ((double)dstHeight / srcHeight);
        var ix = Math.Round(scaleX);
        var iy = Math.Round(scaleY);
        return Math.Abs(scaleX - ix) < DblEpsilon && Math.Abs(scaleY - iy) < DblEpsilon && ix == 2 && iy == 2;
    }

    /// <summary>Resizes the whole of <paramref name="src"/> to <paramref name="height"/>×<paramref name="width"/>.</summary>
    /// <param name="src">A uint8 image with 1–4 channels (not modified).</param>
    /// <param name="height">Output rows.</param>
    /// <param name="width">Output columns.</param>
    /// <returns>A new image of the source's channels and rank.</returns>
    /// <exception cref="TesseraArgumentException">The case is not supported (see <see cref="Supports(Image, int, int)"/>).</exception>
    public static Image Resize(Image src, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(src);
        return Resize(src, 0, 0, src.Width, src.Height, height, width, vectorize: true);
    }

    /// <summary>
    /// Resizes rows [<paramref name="y1"/>, <paramref name="y2"/>) × columns [<paramref name="x1"/>, <paramref name="x2"/>)
    /// of <paramref name="src"/>, read in place, to <paramref name="height"/>×<paramref name="width"/>.
    /// </summary>
    /// <param name="src">A uint8 image with 1–4 channels (not modified).</param>
    /// <param name="x1">First window column.</param>
    /// <param name="y1">First window row.</param>
    /// <param name="x2">Column after the window.</param>
    /// <param name="y2">Row after the window.</param>
    /// <param name="height">Output rows.</param>
    /// <param name="width">Output columns.</param>
    /// <param name="vectorize">False forces the scalar code (for tests); the result is the same.</param>
    /// <returns>A new image of the source's channels and rank.</returns>
    /// <exception cref="TesseraArgumentException">The window is outside the image or the case is not supported.</exception>
    public static Image Resize(Image src, int x1, int y1, int x2, int y2, int height, int width, bool vectorize = true)
    {
        ArgumentNullException.ThrowIfNull(src);
        if (x1 < 0 || y1 < 0 || x2 > src.Width || y2 > src.Height || x2 <= x1 || y2 <= y1)
        {
            throw new TesseraArgumentException(nameof(src), "the window must be a non-empty part of the image");
        }
        if (!Supports(src, y2 - y1, x2 - x1, height, width))
        {
            throw new TesseraArgumentException(nameof(src), "needs a uint8 image with 1–4 channels, sizes ≥ 1 and not an exact 2× downscale");
        }
        var dst = Image.CreateUninitialized(height, width, src.Channels, PixelType.UInt8, keep2D: src.Rank == 2);
        try
        {
            var geometry = new Geometry(y2 - y1, x2 - x1, height, width, src.Channels, src.Width * src.Channels);
            fixed (byte* s = src.Bytes)
            fixed (byte* d = dst.Bytes)
            {
                var origin = s + ((nint)y1 * geometry.SourceStride) + ((nint)x1 * src.Channels);
                Run(origin, d, geometry, vectorize);
            }
            return dst;
        }
        catch
        {
            dst.Dispose();
            throw;
        }
    }

    /// <summary>Builds the tables in pooled buffers and runs both passes.</summary>
    private static void Run(byte* src, byte* dst, Geometry g, bool vectorize)
    {
        var n = g.OutputRowLength;
        var blocks = n / Block;
        var ints = ArrayPool<int>.Shared.Rent((2 * n) + (2 * g.DstHeight) + (2 * blocks));
        var shorts = ArrayPool<short>.Shared.Rent((4 * n) + (2 * g.DstHeight));
        var masks = ArrayPool<byte>.Shared.Rent((blocks * 32) + 1);
        try
        {
            fixed (int* intBase = ints)
            fixed (short* shortBase = shorts)
            fixed (byte* maskBase = masks)
            {
                var t = new Tables
                {
                    Offset0 = intBase,
                    Offset1 = intBase + n,
                    Row0 = intBase + (2 * n),
                    Row1 = intBase + (2 * n) + g.DstHeight,
                    BlockStart = intBase + (2 * n) + (2 * g.DstHeight),
                    Alpha = shortBase,
                    Beta = shortBase + (2 * n),
                    Line0 = shortBase + (2 * n) + (2 * g.DstHeight),
                    Line1 = shortBase + (3 * n) + (2 * g.DstHeight),
                    Masks = maskBase,
                };
                BuildColumns(g, ref t, vectorize && IsAccelerated);
                BuildRows(g, t);
                Rows(src, dst, g, t, vectorize);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ints);
            ArrayPool<short>.Shared.Return(shorts);
            ArrayPool<byte>.Shared.Return(masks);
        }
    }

    /// <summary>OpenCV's sample position for output index <paramref name="d"/>: the integer part and the two 11-bit weights.</summary>
    private static (int Index, short W0, short W1) Sample(int d, double scale)
    {
        var f = (float)(((d + 0.5) * scale) - 0.5);
        var i = (int)MathF.Floor(f);
        f -= i;
        return (i, Weight(1f - f), Weight(f));
    }

    /// <summary>OpenCV's <c>saturate_cast&lt;short&gt;(w·2048)</c>: round half to even (the weight is in [0, 1]).</summary>
    private static short Weight(float w) => (short)MathF.Round(w * One);

    /// <summary>
    /// Per output element e = dx·channels + c: the two source element offsets and weights (edge columns use the edge
    /// pixel twice with weights 2048, 0, which is what OpenCV's S·2048 amounts to), and per block of 8 outputs the two
    /// 16-byte load offsets and the shuffle that turns them into 16-bit pairs (<see cref="Scalar"/> when a half's bytes
    /// span more than 16 or reach past the row).
    /// </summary>
    private static void BuildColumns(Geometry g, ref Tables t, bool blocks)
    {
        var cn = g.Channels;
        var scale = 1.0 / ((double)g.DstWidth / g.SrcWidth);
        for (var dx = 0; dx < g.DstWidth; dx++)
        {
            var (sx, a0, a1) = Sample(dx, scale);
            int next;
            if (sx < 0 || sx >= g.SrcWidth - 1)
            {
                sx = sx < 0 ? 0 : g.SrcWidth - 1;
                next = sx;
                (a0, a1) = (One, 0);
            }
            else
            {
                next = sx + 1;
            }
            for (var c = 0; c < cn; c++)
            {
                var e = (dx * cn) + c;
                t.Offset0[e] = (sx * cn) + c;
                t.Offset1[e] = (next * cn) + c;
                t.Alpha[2 * e] = a0;
                t.Alpha[(2 * e) + 1] = a1;
            }
        }
        if (!blocks)
        {
            return;
        }
        var sourceRow = g.SrcWidth * cn;
        t.AllOneLoad = true;
        for (var b = 0; b < g.OutputRowLength / Block; b++)
        {
            var (lo, hi) = Span(t, b * Block, Block);
            if (hi - lo < 16 && lo + 16 <= sourceRow)
            {
                // the whole block from one load: the shuffle picks the byte pairs, a widening makes them 16-bit
                t.BlockStart[2 * b] = lo;
                t.BlockStart[(2 * b) + 1] = OneLoad;
                for (var i = 0; i < Block; i++)
                {
                    t.Masks[(b * 32) + (2 * i)] = (byte)(t.Offset0[(b * Block) + i] - lo);
                    t.Masks[(b * 32) + (2 * i) + 1] = (byte)(t.Offset1[(b * Block) + i] - lo);
                }
                continue;
            }
            for (var half = 0; half < 2; half++)
            {
                var first = (b * Block) + (half * HalfBlock);
                (lo, hi) = Span(t, first, HalfBlock);
                if (hi - lo >= 16 || lo + 16 > sourceRow)
                {
                    // too far apart for one 16-byte load per half (ratios above 4), or at the end of the row
                    t.BlockStart[2 * b] = Scalar;
                    break;
                }
                t.BlockStart[(2 * b) + half] = lo;
                t.AllOneLoad = false;
                var mask = t.Masks + (b * 32) + (half * 16);
                for (var i = 0; i < HalfBlock; i++)
                {
                    // one 16-bit pair (p[o₀], p[o₁]) per output: the byte index, then 0x80 (a zero byte)
                    mask[4 * i] = (byte)(t.Offset0[first + i] - lo);
                    mask[(4 * i) + 1] = 0x80;
                    mask[(4 * i) + 2] = (byte)(t.Offset1[first + i] - lo);
                    mask[(4 * i) + 3] = 0x80;
                }
            }
        }
    }

    /// <summary>The lowest and highest source offsets read by elements [<paramref name="first"/>, first + count).</summary>
    private static (int Lo, int Hi) Span(Tables t, int first, int count)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        for (var e = first; e < first + count; e++)
        {
            lo = Math.Min(lo, t.Offset0[e]);
            hi = Math.Max(hi, t.Offset1[e]);
        }
        return (lo, hi);
    }

    /// <summary>Per output row: the two (clamped) source rows and their weights, which OpenCV does not reset at the borders.</summary>
    private static void BuildRows(Geometry g, Tables t)
    {
        var scale = 1.0 / ((double)g.DstHeight / g.SrcHeight);
        for (var dy = 0; dy < g.DstHeight; dy++)
        {
            var (sy, b0, b1) = Sample(dy, scale);
            t.Row0[dy] = Math.Clamp(sy, 0, g.SrcHeight - 1);
            t.Row1[dy] = Math.Clamp(sy + 1, 0, g.SrcHeight - 1);
            t.Beta[2 * dy] = b0;
            t.Beta[(2 * dy) + 1] = b1;
        }
    }

    /// <summary>
    /// Output rows in order; each source row is resized horizontally once (the two most recent are kept) and the
    /// vertical pass combines the two a row needs.
    /// </summary>
    private static void Rows(byte* src, byte* dst, Geometry g, Tables t, bool vectorize)
    {
        short* line0 = t.Line0, line1 = t.Line1;
        int held0 = -1, held1 = -1;
        var useBlocks = vectorize && IsAccelerated;
        for (var dy = 0; dy < g.DstHeight; dy++)
        {
            int r0 = t.Row0[dy], r1 = t.Row1[dy];
            if (r0 != held0)
            {
                if (r0 == held1)
                {
                    var swap = line0;
                    line0 = line1;
                    line1 = swap;
                    held0 = r0;
                    held1 = -1;
                }
                else
                {
                    Horizontal(src + ((nint)r0 * g.SourceStride), line0, g, t, useBlocks);
                    held0 = r0;
                }
            }
            if (r1 != held1)
            {
                if (r1 == held0)
                {
                    Buffer.MemoryCopy(line0, line1, g.OutputRowLength * sizeof(short), g.OutputRowLength * sizeof(short));
                }
                else
                {
                    if (r1 + 1 < g.SrcHeight)
                    {
                        CacheHint.Prefetch(src + ((nint)(r1 + 1) * g.SourceStride), g.SrcWidth * g.Channels);
                    }
                    Horizontal(src + ((nint)r1 * g.SourceStride), line1, g, t, useBlocks);
                }
                held1 = r1;
            }
            Vertical(line0, line1, dst + ((nint)dy * g.OutputRowLength), g.OutputRowLength, t.Beta[2 * dy], t.Beta[(2 * dy) + 1], vectorize);
        }
    }

    /// <summary>
    /// One source row resized horizontally, kept as the vertical pass consumes it: line[e] = (a₀·row[o₀] + a₁·row[o₁]) &gt;&gt; 4,
    /// which is below 2¹⁵ (the sum is at most 255·2049).
    /// </summary>
    private static void Horizontal(byte* row, short* line, Geometry g, Tables t, bool useBlocks)
    {
        var n = g.OutputRowLength;
        var e = 0;
        if (useBlocks)
        {
            e = t.AllOneLoad ? HorizontalBlocks<OneLoadBlocks>(row, line, t, n) : HorizontalBlocks<AnyBlocks>(row, line, t, n);
        }
        HorizontalScalar(row, line, t, e, n);
    }

    /// <summary>The vector part of <see cref="Horizontal"/>, 16 outputs at a time; returns where the scalar tail starts.</summary>
    private static int HorizontalBlocks<TBlocks>(byte* row, short* line, Tables t, int n)
        where TBlocks : struct, IBlocks
    {
        var e = 0;
        for (var b = 0; e <= n - (2 * Block); b += 2, e += 2 * Block)
        {
            if (t.BlockStart[2 * b] == Scalar || t.BlockStart[2 * (b + 1)] == Scalar)
            {
                HorizontalScalar(row, line, t, e, e + (2 * Block));
                continue;
            }
            var lo = TBlocks.Sums(row, t, b);
            var hi = TBlocks.Sums(row, t, b + 1);
            // the pack works per 128-bit lane; the permutation restores element order
            Avx2.Permute4x64(Avx2.PackSignedSaturate(lo >> 4, hi >> 4).AsInt64(), 0b11_01_10_00).AsInt16().Store(line + e);
        }
        return e;
    }

    /// <summary>The 8 exact sums of a block (a struct type argument, so the JIT specialises the loop).</summary>
    private interface IBlocks
    {
        /// <summary>The sums S of block <paramref name="b"/> (not a scalar block).</summary>
        static abstract Vector256<int> Sums(byte* row, Tables t, int b);
    }

    /// <summary>
    /// Every vector block reads one 16-byte load: a byte shuffle picks the pairs, a widening makes them 16-bit and
    /// one multiply-add applies the weights.
    /// </summary>
    private readonly struct OneLoadBlocks : IBlocks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Sums(byte* row, Tables t, int b)
        {
            var pairs = Ssse3.Shuffle(Vector128.Load(row + t.BlockStart[2 * b]), Vector128.Load(t.Masks + (b * 32)));
            return Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(pairs), Vector256.Load(t.Alpha + (2 * b * Block)));
        }
    }

    /// <summary>Blocks of either kind: one load as <see cref="OneLoadBlocks"/>, or two, one per 128-bit lane, each shuffled into 4 zero-extended pairs.</summary>
    private readonly struct AnyBlocks : IBlocks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Sums(byte* row, Tables t, int b)
        {
            var second = t.BlockStart[(2 * b) + 1];
            if (second == OneLoad)
            {
                return OneLoadBlocks.Sums(row, t, b);
            }
            var bytes = Vector256.Create(Vector128.Load(row + t.BlockStart[2 * b]), Vector128.Load(row + second));
            var pairs = Avx2.Shuffle(bytes, Vector256.Load(t.Masks + (b * 32)));
            return Avx2.MultiplyAddAdjacent(pairs.AsInt16(), Vector256.Load(t.Alpha + (2 * b * Block)));
        }
    }

    /// <summary>The horizontal pass for elements [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private static void HorizontalScalar(byte* row, short* line, Tables t, int from, int to)
    {
        for (var e = from; e < to; e++)
        {
            line[e] = (short)(((row[t.Offset0[e]] * t.Alpha[2 * e]) + (row[t.Offset1[e]] * t.Alpha[(2 * e) + 1])) >> 4);
        }
    }

    /// <summary>One output row from two horizontal lines h = S &gt;&gt; 4: ((b₀·h₀) &gt;&gt; 16 + (b₁·h₁) &gt;&gt; 16 + 2) &gt;&gt; 2.</summary>
    private static void Vertical(short* h0, short* h1, byte* output, int length, short b0, short b1, bool vectorize)
    {
        var x = 0;
        if (vectorize && IsAccelerated)
        {
            var w0 = Vector256.Create(b0);
            var w1 = Vector256.Create(b1);
            var two = Vector256.Create((short)2);
            for (; x <= length - 32; x += 32)
            {
                var lo = (Avx2.MultiplyHigh(Vector256.Load(h0 + x), w0) + Avx2.MultiplyHigh(Vector256.Load(h1 + x), w1) + two) >> 2;
                var hi = (Avx2.MultiplyHigh(Vector256.Load(h0 + x + 16), w0) + Avx2.MultiplyHigh(Vector256.Load(h1 + x + 16), w1) + two) >> 2;
                Avx2.Permute4x64(Avx2.PackUnsignedSaturate(lo, hi).AsInt64(), 0b11_01_10_00).AsByte().Store(output + x);
            }
        }
        for (; x < length; x++)
        {
            var v = ((h0[x] * b0) >> 16) + ((h1[x] * b1) >> 16);
            output[x] = Saturate((v + 2) >> 2);
        }
    }

    private static byte Saturate(int v) => (byte)Math.Clamp(v, 0, 255);


    /// <summary>Sizes of one resize, in pixels and elements.</summary>
    private readonly record struct Geometry(int SrcHeight, int SrcWidth, int DstHeight, int DstWidth, int Channels, int SourceStride)
    {
        /// <summary>Elements in an output row.</summary>
        public int OutputRowLength => DstWidth * Channels;
    }

    /// <summary>Pointers into the pooled tables of one call.</summary>
    private struct Tables
    {
        public int* Offset0;
        public int* Offset1;
        public int* Row0;
        public int* Row1;
        public int* BlockStart;
        public short* Alpha;
        public short* Beta;
        public short* Line0;
        public short* Line1;
        public byte* Masks;

        /// <summary>No vector block needs two loads.</summary>
        public bool AllOneLoad;
    }
}
