using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Runtime;
using Tessera.Nn.Tensors;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Tensors;

// ImageTensors calls TorchRuntime.EnsureLoaded() itself; tests that touch torch before it call it explicitly.
public sealed class ImageTensorsTests
{
    [Fact]
    public void ToTensor_UInt8Rank3_RoundTripsShapeDtypeAndValues()
    {
        var array = NdArray.FromArray<byte>(Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray(), 2, 4, 3);

        using var tensor = ImageTensors.ToTensor(array);
        var back = ImageTensors.ToNdArray(tensor);

        Assert.Equal(ScalarType.Byte, tensor.dtype);
        Assert.Equal([2L, 4L, 3L], tensor.shape);
        Assert.Equal(DType.UInt8, back.DType);
        Assert.Equal([2, 4, 3], back.Shape);
        Assert.Equal(array.Bytes.ToArray(), back.Bytes.ToArray());
        Assert.Equal(50, tensor[0, 1, 2].item<byte>());
    }

    [Fact]
    public void ToTensor_Float32Rank2_RoundTripsExactly()
    {
        float[] values = [0.5f, -1.25f, float.MaxValue, 1e-30f, 3f, -0f];
        var array = NdArray.FromArray<float>(values, 2, 3);

        using var tensor = ImageTensors.ToTensor(array);
        var back = ImageTensors.ToNdArray(tensor);

        Assert.Equal(ScalarType.Float32, tensor.dtype);
        Assert.Equal([2L, 3L], tensor.shape);
        Assert.Equal(-1.25f, tensor[0, 1].item<float>());
        Assert.Equal(values, back.AsSpan<float>().ToArray());
    }

    public static TheoryData<DType> RoundTripTypes =>
        [DType.Bool, DType.Int8, DType.UInt8, DType.Int16, DType.Int32, DType.Int64, DType.Float16, DType.Float32, DType.Float64];

    [Theory]
    [MemberData(nameof(RoundTripTypes))]
    public void ToTensor_EverySupportedDtype_RoundTripsBytes(DType dtype)
    {
        var bytes = Enumerable.Range(0, 6 * dtype.SizeOf()).Select(i => (byte)(dtype == DType.Bool ? i % 2 : (i * 37) % 251)).ToArray();
        if (dtype == DType.Float16)
        {
            bytes = [.. Enumerable.Range(0, 6).SelectMany(i => BitConverter.GetBytes((Half)(i - 2.5)))];
        }
        var array = NdArray.FromBytes(dtype, [3, 2], bytes);

        using var tensor = ImageTensors.ToTensor(array);
        var back = ImageTensors.ToNdArray(tensor);

        Assert.Equal(dtype, back.DType);
        Assert.Equal(bytes, back.Bytes.ToArray());
    }

    [Fact]
    public void ToTensor_ScalarAndEmptyArrays_KeepTheirShapes()
    {
        var scalar = NdArray.FromArray<double>([4.5], []);
        var empty = NdArray.Zeros(DType.Float32, 0, 3);

        using var s = ImageTensors.ToTensor(scalar);
        using var e = ImageTensors.ToTensor(empty);

        Assert.Empty(s.shape);
        Assert.Equal(4.5, s.item<double>());
        Assert.Equal([0L, 3L], e.shape);
        Assert.Equal([0, 3], ImageTensors.ToNdArray(e).Shape);
        Assert.Equal(4.5, ImageTensors.ToNdArray(s).AsSpan<double>()[0]);
    }

    [Fact]
    public void ToTensor_SourceMutatedAfterConversion_TensorUnchanged()
    {
        var array = NdArray.FromArray<float>([1, 2, 3, 4], 2, 2);

        using var tensor = ImageTensors.ToTensor(array);
        array.AsSpan<float>().Fill(-7);

        Assert.Equal(new float[] { 1, 2, 3, 4 }, tensor.data<float>().ToArray());
    }

    [Fact]
    public void ToNdArray_TensorMutatedAfterConversion_ArrayUnchanged()
    {
        TorchRuntime.EnsureLoaded();
        using var tensor = torch.arange(6, ScalarType.Int32).reshape(2, 3);

        var array = ImageTensors.ToNdArray(tensor);
        tensor.fill_(0);

        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, array.AsSpan<int>().ToArray());
    }

    [Fact]
    public void ToNdArray_TransposedView_CopiesInLogicalOrderAndKeepsInput()
    {
        TorchRuntime.EnsureLoaded();
        using var tensor = torch.arange(6, ScalarType.Float32).reshape(2, 3);
        using var transposed = tensor.t();

        var array = ImageTensors.ToNdArray(transposed);

        Assert.False(transposed.is_contiguous());
        Assert.Equal([3, 2], array.Shape);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, array.AsSpan<float>().ToArray());
        Assert.Equal(6, transposed.numel()); // the input is still alive (not disposed by the conversion)
    }

    [Fact]
    public void ToNdArray_SliceWithStorageOffset_CopiesOnlyTheSlice()
    {
        TorchRuntime.EnsureLoaded();
        using var tensor = torch.arange(12, ScalarType.Int64).reshape(3, 4);
        using var row = tensor[1];

        var array = ImageTensors.ToNdArray(row);

        Assert.Equal(new long[] { 4, 5, 6, 7 }, array.AsSpan<long>().ToArray());
    }

    [Fact]
    public void ToNdArray_TensorRequiringGrad_CopiesValues()
    {
        TorchRuntime.EnsureLoaded();
        using var x = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        using var y = x * 2;

        var array = ImageTensors.ToNdArray(y);

        Assert.Equal(new float[] { 2, 4 }, array.AsSpan<float>().ToArray());
    }

    [Fact]
    public void ToTensor_UInt16Array_ThrowsNamingTheArgument()
    {
        var array = NdArray.Zeros(DType.UInt16, 2, 2);

        var e = Assert.Throws<TesseraArgumentException>(() => ImageTensors.ToTensor(array));

        Assert.Equal("array", e.ParamName);
        Assert.Contains("UInt16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToNdArray_BFloat16Tensor_ThrowsNamingTheArgument()
    {
        TorchRuntime.EnsureLoaded();
        using var tensor = torch.zeros(2, ScalarType.BFloat16);

        var e = Assert.Throws<TesseraArgumentException>(() => ImageTensors.ToNdArray(tensor));

        Assert.Equal("tensor", e.ParamName);
    }

    [Fact]
    public void NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ImageTensors.ToTensor(null!));
        Assert.Throws<ArgumentNullException>(() => ImageTensors.ToNdArray(null!));
        Assert.Throws<ArgumentNullException>(() => ImageTensors.ImageToChwFloat(null!, 1f));
    }

    [Fact]
    public void ImageToChwFloat_UInt8Rgb_GivesScaledChannelPlanes()
    {
        // 1×2 RGB image: pixel 0 = (10, 20, 30), pixel 1 = (40, 50, 60)
        var image = Image.FromPixels<byte>([10, 20, 30, 40, 50, 60], 1, 2, 3);

        using var tensor = ImageTensors.ImageToChwFloat(image, 0.5f);

        Assert.Equal(ScalarType.Float32, tensor.dtype);
        Assert.Equal([3L, 1L, 2L], tensor.shape);
        Assert.Equal(new float[] { 5, 20, 10, 25, 15, 30 }, tensor.data<float>().ToArray());
    }

    [Fact]
    public void ImageToChwFloat_Gray2DImage_GivesOneChannel()
    {
        var image = Image.FromPixels<byte>([0, 255, 51, 102], 2, 2, 1, keep2D: true);

        using var tensor = ImageTensors.ImageToChwFloat(image, 1f / 255);

        Assert.Equal([1L, 2L, 2L], tensor.shape);
        var values = tensor.data<float>().ToArray();
        Assert.Equal(new float[] { 0f, 1f, 0.2f, 0.4f }, values, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void ImageToChwFloat_Float32Rank3_RoundTripsThroughPermute()
    {
        var pixels = Enumerable.Range(0, 3 * 4 * 2).Select(i => i * 0.25f).ToArray();
        var image = Image.FromPixels<float>(pixels, 3, 4, 2);

        using var chw = ImageTensors.ImageToChwFloat(image, 1f);
        using var hwc = chw.permute(1, 2, 0);
        var back = Image.FromNdArray(ImageTensors.ToNdArray(hwc));

        Assert.True(back.ContentEquals(image));
    }

    [Fact]
    public void ImageToChwFloat_UInt16_ScalesToUnitRange()
    {
        var image = Image.FromPixels<ushort>([0, 65535], 1, 1, 2);

        using var tensor = ImageTensors.ImageToChwFloat(image, 1f / 65535);

        Assert.Equal(new float[] { 0, 1 }, tensor.data<float>().ToArray());
    }

    [Fact]
    public void ImageToChwFloat_BorrowedBufferMutatedAfterConversion_TensorUnchanged()
    {
        var buffer = new byte[] { 1, 2, 3, 4 };
        var image = Image.Borrow(buffer, 2, 2, 1, PixelType.UInt8);

        using var tensor = ImageTensors.ImageToChwFloat(image, 1f);
        buffer[0] = 200;

        Assert.Equal(new float[] { 1, 2, 3, 4 }, tensor.data<float>().ToArray());
    }

    [Fact]
    public void ImageToChwFloat_NaNScale_ThrowsNamingTheArgument()
    {
        var image = Image.Create(1, 1, 1, PixelType.UInt8);

        var e = Assert.Throws<TesseraArgumentException>(() => ImageTensors.ImageToChwFloat(image, float.NaN));

        Assert.Equal("scale", e.ParamName);
    }
}
