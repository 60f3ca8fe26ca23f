using System.Numerics;
using System.Runtime.InteropServices;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tensors;

/// <summary>
/// Converts Tessera's <see cref="NdArray"/> and <see cref="Image"/> to TorchSharp tensors and back. Every
/// conversion copies: a tensor never aliases a caller's buffer, and an array never aliases a tensor.
/// </summary>
/// <remarks>
/// Each method calls <see cref="TorchRuntime.EnsureLoaded"/> first. Tensors are created on the CPU; like every
/// TorchSharp factory, they join the current <c>torch.NewDisposeScope()</c> when there is one, and the caller
/// owns them otherwise.
/// </remarks>
public static class ImageTensors
{
    /// <summary>Copies an array into a new CPU tensor of the same shape and element type.</summary>
    /// <param name="array">The array (any rank, including a scalar of rank 0).</param>
    /// <returns>A new tensor owning a copy of the elements; later changes to <paramref name="array"/> do not reach it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="TesseraArgumentException">
    /// The dtype is uint16, uint32 or uint64, which TorchSharp 0.107 has no scalar type for; convert the array first.
    /// </exception>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public static Tensor ToTensor(NdArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var scalarType = ScalarTypeOf(array.DType, nameof(array));
        TorchRuntime.EnsureLoaded();
        var shape = array.Shape.Select(d => (long)d).ToArray();
        var tensor = torch.empty(shape, scalarType);
        if (array.Length > 0)
        {
            array.Bytes.CopyTo(tensor.bytes);
        }
        return tensor;
    }

    /// <summary>Copies a tensor into a new array of the same shape and element type.</summary>
    /// <param name="tensor">Any tensor of a supported type; non-contiguous views, autograd tensors and
    /// tensors on other devices are handled (detached, moved to the CPU and made contiguous in temporaries).</param>
    /// <returns>A new array owning a copy of the elements. <paramref name="tensor"/> is not disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="TesseraArgumentException">
    /// The tensor's type has no <see cref="DType"/> (complex, bfloat16, quantized types), or a dimension exceeds
    /// <see cref="int.MaxValue"/>.
    /// </exception>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public static NdArray ToNdArray(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        TorchRuntime.EnsureLoaded();
        var dtype = DTypeOf(tensor.dtype, nameof(tensor));
        var dims = tensor.shape;
        var shape = new int[dims.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            var d = dims[i];
            Guard.That(d <= int.MaxValue, nameof(tensor), $"dimension {i} ({d}) exceeds {int.MaxValue}");
            shape[i] = (int)d;
        }
        if (tensor.numel() == 0)
        {
            return NdArray.Zeros(dtype, shape);
        }
        using var scope = torch.NewDisposeScope();
        var dense = tensor.detach().cpu().contiguous();
        return NdArray.FromBytes(dtype, shape, dense.bytes);
    }

    /// <summary>
    /// Converts an HWC image to a float32 CHW tensor, multiplying each element by <paramref name="scale"/>
    /// (e.g. <c>1f / 255</c> for uint8 pixels in [0, 1], PyTorch's <c>ToTensor</c> convention).
    /// </summary>
    /// <param name="image">A uint8, uint16 or float32 image; a 2-D (H×W) image becomes 1×H×W.</param>
    /// <param name="scale">Factor applied to every element; finite.</param>
    /// <returns>A new tensor of shape [C, H, W] owning its data.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="TesseraArgumentException"><paramref name="scale"/> is NaN or infinite.</exception>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public static Tensor ImageToChwFloat(Image image, float scale)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.Finite(scale);
        TorchRuntime.EnsureLoaded();
        var chw = new float[image.ElementCount];
        switch (image.PixelType)
        {
            case PixelType.UInt8:
                HwcToChw<byte>(image.Pixels<byte>(), chw, image.Height, image.Width, image.Channels, scale);
                break;
            case PixelType.UInt16:
                HwcToChw<ushort>(image.Pixels<ushort>(), chw, image.Height, image.Width, image.Channels, scale);
                break;
            default:
                HwcToChw<float>(image.Pixels<float>(), chw, image.Height, image.Width, image.Channels, scale);
                break;
        }
        var tensor = torch.empty([image.Channels, image.Height, image.Width], ScalarType.Float32);
        MemoryMarshal.AsBytes(chw.AsSpan()).CopyTo(tensor.bytes);
        return tensor;
    }

    private static void HwcToChw<T>(ReadOnlySpan<T> hwc, Span<float> chw, int height, int width, int channels, float scale)
        where T : unmanaged, INumberBase<T>
    {
        var plane = height * width;
        for (var p = 0; p < plane; p++)
        {
            var src = p * channels;
            for (var c = 0; c < channels; c++)
            {
                chw[(c * plane) + p] = float.CreateTruncating(hwc[src + c]) * scale;
            }
        }
    }

    private static ScalarType ScalarTypeOf(DType dtype, string paramName) => dtype switch
    {
        DType.Bool => ScalarType.Bool,
        DType.Int8 => ScalarType.Int8,
        DType.UInt8 => ScalarType.Byte,
        DType.Int16 => ScalarType.Int16,
        DType.Int32 => ScalarType.Int32,
        DType.Int64 => ScalarType.Int64,
        DType.Float16 => ScalarType.Float16,
        DType.Float32 => ScalarType.Float32,
        DType.Float64 => ScalarType.Float64,
        _ => throw new TesseraArgumentException(paramName,
            $"dtype {dtype} has no TorchSharp scalar type; convert it first (e.g. uint16 → int32)"),
    };

    private static DType DTypeOf(ScalarType type, string paramName) => type switch
    {
        ScalarType.Bool => DType.Bool,
        ScalarType.Int8 => DType.Int8,
        ScalarType.Byte => DType.UInt8,
        ScalarType.Int16 => DType.Int16,
        ScalarType.Int32 => DType.Int32,
        ScalarType.Int64 => DType.Int64,
        ScalarType.Float16 => DType.Float16,
        ScalarType.Float32 => DType.Float32,
        ScalarType.Float64 => DType.Float64,
        _ => throw new TesseraArgumentException(paramName, $"scalar type {type} has no Tessera dtype"),
    };
}
