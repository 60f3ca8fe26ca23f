using System.Text;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.TestSupport;

namespace Tessera.Core.Tests.Arrays;

public class NpyTests
{
    public static TheoryData<DType> AllTypes => new(Enum.GetValues<DType>());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void WriteThenRead_EveryDType_RoundTripsBytesAndShape(DType type)
    {
        var shape = new[] { 2, 3, 4 };
        var bytes = new byte[24 * type.SizeOf()];
        for (var i = 0; i < bytes.Length; i++) { bytes[i] = (byte)(type == DType.Bool ? i % 2 : (i * 37) & 0x3F); }
        var array = NdArray.FromBytes(type, shape, bytes);
        using var ms = new MemoryStream();
        Npy.Write(ms, array);
        Assert.Equal(0, (int)(ms.Length - bytes.Length) % 64);
        ms.Position = 0;
        var back = Npy.Read(ms);
        Assert.Equal(type, back.DType);
        Assert.Equal(shape, back.Shape);
        Assert.True(back.Bytes.SequenceEqual(bytes));
    }

    [Fact]
    public void Write_ScalarAnd1D_HeaderUsesNumpyTupleSyntax()
    {
        using var ms = new MemoryStream();
        Npy.Write(ms, NdArray.FromArray<int>(new[] { 1, 2, 3 }, 3));
        var header = Encoding.Latin1.GetString(ms.ToArray(), 10, 60);
        Assert.Contains("'shape': (3,)", header, StringComparison.Ordinal);
        Assert.Contains("'descr': '<i4'", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FixtureFiles_LoadWithExpectedTypes()
    {
        var dir = SharedFixtures.Get("segfix", "two_rects");
        var label = Npy.Read(Path.Combine(dir, "label.npy"));
        Assert.Equal(2, label.Rank);
        var dist = Npy.Read(Path.Combine(dir, "dist_per_class.npy"));
        Assert.True(dist.Length > 0);
        Assert.All(dist.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "unsupported dtype")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "Fortran")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", "unsupported dtype")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "malformed")]
    public void Read_UnsupportedHeader_ThrowsFormatError(string header, string expected)
    {
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange(new byte[] { 1, 0, (byte)header.Length, 0 });
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(new byte[8]);
        var ex = Assert.Throws<TesseraFormatException>(() => Npy.Read(new MemoryStream(bytes.ToArray()), "x.npy"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("x.npy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedData_ThrowsFormatError()
    {
        using var ms = new MemoryStream();
        Npy.Write(ms, NdArray.FromArray<double>(new double[10], 10));
        var truncated = ms.ToArray()[..^8];
        var ex = Assert.Throws<TesseraFormatException>(() => Npy.Read(new MemoryStream(truncated)));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotNpy_ThrowsFormatError()
    {
        Assert.Throws<TesseraFormatException>(() => Npy.Read(new MemoryStream("hello world, not numpy"u8.ToArray())));
    }

    [Fact]
    public void FromArray_ShapeMismatch_ThrowsNamingShape()
    {
        var ex = Assert.Throws<TesseraArgumentException>(() => NdArray.FromArray<float>(new float[5], 2, 3));
        Assert.Equal("shape", ex.ParamName);
    }

    [Fact]
    public void FromArray_SourceChangedAfterwards_ArrayUnchanged()
    {
        var src = new float[] { 1, 2, 3 };
        var a = NdArray.FromArray<float>(src, 3);
        src[0] = 99;
        Assert.Equal(1f, a.AsSpan<float>()[0]);
    }

    [Fact]
    public void ToDoubleArray_Float16_ConvertsValues()
    {
        var a = NdArray.FromArray<Half>(new[] { (Half)1.5, (Half)(-2) }, 2);
        Assert.Equal(new[] { 1.5, -2.0 }, a.ToDoubleArray());
    }
}
