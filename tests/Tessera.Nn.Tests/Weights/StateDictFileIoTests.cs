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
}
