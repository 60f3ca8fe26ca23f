using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Weights;

public sealed class StateDictFileIoTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tessera-statedictio-{Guid.NewGuid():N}.safetensors");

    public StateDictFileIoTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void WriteRead_SeveralDtypes_RoundTripsValuesShapesAndMetadata()
    {
        using var f32 = torch.arange(6, ScalarType.Float32).reshape(2, 3).t(); // non-contiguous view
        using var i64 = torch.tensor(new long[] { -5, long.MaxValue });
        using var u8 = torch.tensor(new byte[] { 1, 2, 255 });
        using var f64 = torch.tensor(3.25, ScalarType.Float64);
        using var empty = torch.zeros(0, 4);

        StateDictFileIo.Write(_path, [new("a", f32), new("b.c", i64), new("u", u8), new("scalar", f64), new("empty", empty)],
            new Dictionary<string, string> { ["step"] = "7" }, "tensors");
        var (tensors, metadata) = StateDictFileIo.Read(_path);

        Assert.Equal("7", metadata["step"]);
        Assert.True(tensors["a"].equal(f32).all().item<bool>());
        Assert.Equal([3L, 2L], tensors["a"].shape);
        Assert.True(tensors["b.c"].equal(i64).all().item<bool>());
        Assert.True(tensors["u"].equal(u8).all().item<bool>());
        Assert.Equal(ScalarType.Float64, tensors["scalar"].dtype);
        Assert.Empty(tensors["scalar"].shape);
        Assert.Equal([0L, 4L], tensors["empty"].shape);
        tensors.Dispose();
        var bytes = File.ReadAllBytes(_path);
        Assert.Equal(0, BitConverter.ToInt64(bytes) % 8);
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsFormatError()
    {
        using var t = torch.ones(10);
        StateDictFileIo.Write(_path, [new("t", t)], new Dictionary<string, string>(), "tensors");
        var bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, bytes[..^8]);

        var ex = Assert.Throws<TesseraFormatException>(() => StateDictFileIo.Read(_path));

        Assert.Contains("'t'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GarbageHeader_ThrowsFormatError()
    {
        File.WriteAllBytes(_path, [4, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x', (byte)'x', (byte)'x']);

        Assert.Throws<TesseraFormatException>(() => StateDictFileIo.Read(_path));
    }

    [Fact]
    public void Write_IsReadBackBitForBitByTheArrayReader()
    {
        using var f32 = torch.linspace(-1, 1, 12).reshape(3, 4);
        using var i16 = torch.tensor(new short[] { -3, 7 });

        StateDictFileIo.Write(_path, [new("z", f32), new("a", i16)], new Dictionary<string, string> { ["k"] = "v" }, "tensors");

        using var arrays = SafetensorsFile.Read(_path);
        Assert.Equal(["a", "z"], arrays.Keys); // sorted-name order, like CheckpointWriter
        Assert.Equal("v", arrays.Metadata["k"]);
        Assert.Equal(f32.bytes.ToArray(), arrays["z"].Bytes.ToArray());
        Assert.Equal([3, 4], arrays["z"].Shape);
        Assert.Equal(i16.bytes.ToArray(), arrays["a"].Bytes.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("__metadata__")]
    public void Write_ReservedName_ThrowsNamingTheArgumentAndWritesNothing(string name)
    {
        using var t = torch.ones(2);

        var ex = Assert.Throws<TesseraArgumentException>(() =>
            StateDictFileIo.Write(_path, [new(name, t)], null, "weights"));

        Assert.Equal("weights", ex.ParamName);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public void Write_RepeatedName_ThrowsNamingTheArgument()
    {
        using var t = torch.ones(2);

        var ex = Assert.Throws<TesseraArgumentException>(() =>
            StateDictFileIo.Write(_path, [new("t", t), new("t", t)], null, "tensors"));

        Assert.Equal("tensors", ex.ParamName);
        Assert.Contains("'t'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DtypeWithoutSafetensorsName_ThrowsBeforeTouchingTheFile()
    {
        using var ok = torch.ones(2);
        using var complex = torch.zeros(2, ScalarType.ComplexFloat32);

        var ex = Assert.Throws<TesseraArgumentException>(() =>
            StateDictFileIo.Write(_path, [new("a", ok), new("c", complex)], null, "weights"));

        Assert.Equal("weights", ex.ParamName);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public void Read_TrailingBytes_ThrowsWithTheirBytePosition()
    {
        using var t = torch.ones(4);
        StateDictFileIo.Write(_path, [new("t", t)], null, "tensors");
        var bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, [.. bytes, 0, 0, 0, 0]);

        var ex = Assert.Throws<TesseraFormatException>(() => StateDictFileIo.Read(_path));

        Assert.Equal($"byte {bytes.Length}", ex.Position);
    }
}
