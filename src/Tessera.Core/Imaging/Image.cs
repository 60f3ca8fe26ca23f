using System.Runtime.InteropServices;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;

namespace Tessera.Core.Imaging;

/// <summary>
/// An image in HWC order (height, width, channels; RGB/RGBA channel order), uint8, uint16 or float32, with
/// 1–4 channels. A gray image created as 2-D (<see cref="Rank"/> 2, shape H×W) stays 2-D; a 1-channel image
/// created as 3-D keeps its H×W×1 shape, as numpy/albumentations do.
/// </summary>
/// <remarks>
/// Memory: an image normally owns its pixels. <see cref="Borrow"/> wraps a caller's buffer without copying;
/// such an image <see cref="IsBorrowed"/> and sees the caller's later changes. Every other factory copies.
/// Owned pixels of larger images come from a shared pool (<see cref="PixelMemory"/>): disposing an image you
/// own gives its memory back for the next image, which keeps steady-state pipelines free of large allocations.
/// Disposing is optional (an undisposed image is collected as usual); after it, the pixels are no longer
/// accessible. Never dispose an image something else still reads.
/// </remarks>
public sealed class Image : IDisposable
{
    private Memory<byte> _pixels;
    private byte[]? _rented;
    private ThreadPixelCache? _home;
    private int _disposed;

    private Image(int height, int width, int channels, PixelType type, int rank, Memory<byte> pixels, bool borrowed, byte[]? rented = null)
    {
        Height = height;
        Width = width;
        Channels = channels;
        PixelType = type;
        Rank = rank;
        _pixels = pixels;
        _rented = rented;
        IsBorrowed = borrowed;
    }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Channels per pixel (1–4).</summary>
    public int Channels { get; }

    /// <summary>Element type.</summary>
    public PixelType PixelType { get; }

    /// <summary>2 for an H×W gray image, 3 for H×W×C.</summary>
    public int Rank { get; }

    /// <summary>True when the pixels are a caller's buffer (see <see cref="Borrow"/>).</summary>
    public bool IsBorrowed { get; }

    /// <summary>Bytes per element: 1, 2 or 4.</summary>
    public int ElementSize => ElementSizeOf(PixelType);

    /// <summary>Number of elements (H·W·C).</summary>
    public int ElementCount => Height * Width * Channels;

    /// <summary>The numpy-style shape: [H, W] or [H, W, C].</summary>
    public int[] Shape => Rank == 2 ? [Height, Width] : [Height, Width, Channels];

    /// <summary>The raw pixel bytes (row-major HWC).</summary>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    public Span<byte> Bytes => Live.Span;

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    private Memory<byte> Live
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _pixels;
        }
    }

    /// <summary>Creates a zero-filled H×W×C image.</summary>
    /// <param name="height">Rows, ≥ 1.</param>
    /// <param name="width">Columns, ≥ 1.</param>
    /// <param name="channels">1–4.</param>
    /// <param name="type">Element type.</param>
    /// <returns>A new owned image of rank 3.</returns>
    /// <exception cref="TesseraArgumentException">A size is out of range.</exception>
    public static Image Create(int height, int width, int channels, PixelType type)
    {
        Validate(height, width, channels);
        return Owned(height, width, channels, type, 3, clear: true);
    }

    /// <summary>
    /// Creates an H×W×C image whose pixels are NOT cleared (they may hold another image's old values): for
    /// producers that write every element, saving the clearing pass.
    /// </summary>
    /// <param name="height">Rows, ≥ 1.</param>
    /// <param name="width">Columns, ≥ 1.</param>
    /// <param name="channels">1–4.</param>
    /// <param name="type">Element type.</param>
    /// <param name="keep2D">With one channel: a 2-D image.</param>
    /// <returns>A new owned image.</returns>
    /// <exception cref="TesseraArgumentException">A size is out of range.</exception>
    public static Image CreateUninitialized(int height, int width, int channels, PixelType type, bool keep2D = false)
    {
        Validate(height, width, channels);
        Guard.That(!keep2D || channels == 1, nameof(keep2D), "a 2-D image has exactly one channel");
        return Owned(height, width, channels, type, keep2D ? 2 : 3, clear: false);
    }

    /// <summary>An uninitialized image with the shape and type of <paramref name="like"/> (see <see cref="CreateUninitialized"/>).</summary>
    /// <param name="like">The template.</param>
    /// <returns>A new owned image.</returns>
    public static Image CreateUninitializedLike(Image like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Owned(like.Height, like.Width, like.Channels, like.PixelType, like.Rank, clear: false);
    }

    /// <summary>Creates a zero-filled 2-D (H×W) gray image.</summary>
    /// <param name="height">Rows, ≥ 1.</param>
    /// <param name="width">Columns, ≥ 1.</param>
    /// <param name="type">Element type.</param>
    /// <returns>A new owned image of rank 2.</returns>
    /// <exception cref="TesseraArgumentException">A size is out of range.</exception>
    public static Image CreateGray(int height, int width, PixelType type)
    {
        Validate(height, width, 1);
        return Owned(height, width, 1, type, 2, clear: true);
    }

    /// <summary>Creates an image with the same shape and type as <paramref name="like"/>, zero-filled.</summary>
    /// <param name="like">The template.</param>
    /// <returns>A new owned image.</returns>
    public static Image CreateLike(Image like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return like.Rank == 2 ? CreateGray(like.Height, like.Width, like.PixelType) : Create(like.Height, like.Width, like.Channels, like.PixelType);
    }

    /// <summary>Creates an image from elements (copied).</summary>
    /// <typeparam name="T"><see cref="byte"/>, <see cref="ushort"/> or <see cref="float"/>.</typeparam>
    /// <param name="pixels">H·W·C elements in HWC order.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="channels">Channels (1–4).</param>
    /// <param name="keep2D">With one channel: make a 2-D image instead of H×W×1.</param>
    /// <returns>A new owned image.</returns>
    /// <exception cref="TesseraArgumentException">Sizes are invalid or do not match the element count.</exception>
    public static Image FromPixels<T>(ReadOnlySpan<T> pixels, int height, int width, int channels, bool keep2D = false) where T : unmanaged
    {
        var type = PixelTypeOf<T>();
        Validate(height, width, channels);
        Guard.That(pixels.Length == height * width * channels, nameof(pixels),
            $"length {pixels.Length} must equal height·width·channels = {height * width * channels}");
        Guard.That(!keep2D || channels == 1, nameof(keep2D), "a 2-D image has exactly one channel");
        var image = Owned(height, width, channels, type, keep2D ? 2 : 3, clear: false);
        MemoryMarshal.AsBytes(pixels).CopyTo(image._pixels.Span);
        return image;
    }

    /// <summary>Wraps a caller's buffer without copying. The image sees later changes to the buffer.</summary>
    /// <param name="pixels">H·W·C·elementSize bytes in HWC order.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="channels">Channels (1–4).</param>
    /// <param name="type">Element type.</param>
    /// <param name="keep2D">With one channel: a 2-D image.</param>
    /// <returns>A borrowing image (<see cref="IsBorrowed"/> is true).</returns>
    /// <exception cref="TesseraArgumentException">Sizes are invalid or do not match the buffer.</exception>
    public static Image Borrow(Memory<byte> pixels, int height, int width, int channels, PixelType type, bool keep2D = false)
    {
        Validate(height, width, channels);
        Guard.That(pixels.Length == height * width * channels * ElementSizeOf(type), nameof(pixels),
            $"length {pixels.Length} bytes must equal height·width·channels·{ElementSizeOf(type)}");
        Guard.That(!keep2D || channels == 1, nameof(keep2D), "a 2-D image has exactly one channel");
        return new Image(height, width, channels, type, keep2D ? 2 : 3, pixels, true);
    }

    /// <summary>Creates an image from an array of shape [H, W] or [H, W, C] (copied).</summary>
    /// <param name="array">uint8, uint16 or float32 array (bool is read as uint8).</param>
    /// <returns>A new owned image with the array's rank.</returns>
    /// <exception cref="TesseraArgumentException">The rank, channel count or dtype is unsupported.</exception>
    public static Image FromNdArray(NdArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        Guard.That(array.Rank is 2 or 3, nameof(array), $"must have shape [H, W] or [H, W, C] (got rank {array.Rank})");
        var type = array.DType switch
        {
            DType.UInt8 or DType.Bool => PixelType.UInt8,
            DType.UInt16 => PixelType.UInt16,
            DType.Float32 => PixelType.Float32,
            _ => throw new TesseraArgumentException(nameof(array), $"dtype must be uint8, uint16 or float32 (got {array.DType})"),
        };
        var h = array.Shape[0];
        var w = array.Shape[1];
        var c = array.Rank == 3 ? array.Shape[2] : 1;
        Validate(h, w, c);
        var image = Owned(h, w, c, type, array.Rank, clear: false);
        array.Bytes.CopyTo(image._pixels.Span);
        return image;
    }

    /// <summary>A copy of the pixels as an array of shape <see cref="Shape"/>.</summary>
    /// <returns>A new array.</returns>
    public NdArray ToNdArray()
    {
        var dtype = PixelType switch
        {
            PixelType.UInt8 => DType.UInt8,
            PixelType.UInt16 => DType.UInt16,
            _ => DType.Float32,
        };
        return NdArray.FromBytes(dtype, Shape, Live.Span);
    }

    /// <summary>The pixels as elements of <typeparamref name="T"/> (a view into this image's memory).</summary>
    /// <typeparam name="T">Must match <see cref="PixelType"/>.</typeparam>
    /// <returns>The span of H·W·C elements.</returns>
    /// <exception cref="TesseraArgumentException"><typeparamref name="T"/> does not match.</exception>
    public Span<T> Pixels<T>() where T : unmanaged
    {
        Guard.That(PixelTypeOf<T>() == PixelType, nameof(T), $"element type {typeof(T).Name} does not match pixel type {PixelType}");
        return MemoryMarshal.Cast<byte, T>(Live.Span);
    }

    /// <summary>An owned deep copy (never borrowing).</summary>
    /// <returns>The copy.</returns>
    public Image Clone()
    {
        var source = Live.Span;
        var copy = Owned(Height, Width, Channels, PixelType, Rank, clear: false);
        source.CopyTo(copy._pixels.Span);
        return copy;
    }

    /// <summary>
    /// Gives pooled pixel memory back (see the remarks on <see cref="Image"/>); afterwards the pixels are inaccessible.
    /// A borrowed image leaves the caller's buffer alone. Calling it again does nothing.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _pixels = default;
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            PixelMemory.Return(rented, _home);
        }
    }

    /// <summary>True when both images have the same shape, type and bytes.</summary>
    /// <param name="other">The other image.</param>
    /// <returns>Whether they are identical.</returns>
    public bool ContentEquals(Image other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Rank == Rank && other.Height == Height && other.Width == Width && other.Channels == Channels
            && other.PixelType == PixelType && other.Live.Span.SequenceEqual(Live.Span);
    }

    /// <inheritdoc />
    public override string ToString() => $"Image<{PixelType}>[{string.Join("×", Shape)}]";

    /// <summary>Bytes per element of a pixel type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>1, 2 or 4.</returns>
    public static int ElementSizeOf(PixelType type) => type switch
    {
        PixelType.UInt8 => 1,
        PixelType.UInt16 => 2,
        PixelType.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown pixel type"),
    };

    private static Image Owned(int height, int width, int channels, PixelType type, int rank, bool clear)
    {
        var length = CheckedLength(height, width, channels, type);
        var rented = PixelMemory.Rent(length, clear, out var home);
        return new Image(height, width, channels, type, rank, rented.AsMemory(0, length), false, PixelMemory.IsPooledSize(length) ? rented : null) { _home = home };
    }

    private static PixelType PixelTypeOf<T>()
    {
        if (typeof(T) == typeof(byte)) { return PixelType.UInt8; }
        if (typeof(T) == typeof(ushort)) { return PixelType.UInt16; }
        if (typeof(T) == typeof(float)) { return PixelType.Float32; }
        throw new TesseraArgumentException(nameof(T), $"pixel element type must be byte, ushort or float (got {typeof(T).Name})");
    }

    /// <summary>The byte length of an image, checked before anything is allocated: one image holds at most <see cref="Array.MaxLength"/> bytes.</summary>
    private static int CheckedLength(int height, int width, int channels, PixelType type)
    {
        var bytes = (long)height * width * channels * ElementSizeOf(type);
        Guard.That(bytes <= Array.MaxLength, "image",
            $"{height}×{width}×{channels} {type} needs {FormatBytes(bytes)}, more than the {FormatBytes(Array.MaxLength)} one image can hold");
        return (int)bytes;
    }

    private static string FormatBytes(long bytes) => bytes >= 1L << 30
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB");

    private static void Validate(int height, int width, int channels)
    {
        Guard.That(height > 0, nameof(height), $"must be ≥ 1 (got {height}); empty images are not allowed");
        Guard.That(width > 0, nameof(width), $"must be ≥ 1 (got {width}); empty images are not allowed");
        Guard.That(channels is >= 1 and <= 4, nameof(channels), $"must be 1–4 (got {channels})");
    }
}
