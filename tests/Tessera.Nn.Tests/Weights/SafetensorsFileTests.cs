using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Nn.Weights;
using Tessera.TestSupport;

namespace Tessera.Nn.Tests.Weights;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tessera-st-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static string ClipWeights => SharedFixtures.Get("models", "clip", "clip_tiny.safetensors");

    [Fact]
    public void Read_ClipTinyFixture_ListsManifestKeysWithConfigShapes()
    {
        // Given the tiny CLIP checkpoint and its manifest
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(SharedFixtures.Get("models", "clip", "manifest.json")));
        var weights = manifest.RootElement.GetProperty("weights");
        var config = manifest.RootElement.GetProperty("config");

        // When it is read
        using var dict = SafetensorsFile.Read(ClipWeights);

        // Then names, count and shapes agree with the manifest
        Assert.Equal(weights.GetProperty("num_tensors").GetInt32(), dict.Count);
        Assert.Equal(weights.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).Order(StringComparer.Ordinal),
            dict.Keys.Order(StringComparer.Ordinal));
        var width = config.GetProperty("transformer_width").GetInt32();
        var visionWidth = config.GetProperty("vision_width").GetInt32();
        var patch = config.GetProperty("vision_patch_size").GetInt32();
        Assert.Equal([width], dict["ln_final.weight"].Shape);
        Assert.Equal([config.GetProperty("context_length").GetInt32(), width], dict["positional_embedding"].Shape);
        Assert.Equal([config.GetProperty("vocab_size").GetInt32(), width], dict["token_embedding.weight"].Shape);
        Assert.Equal([visionWidth, 3, patch, patch], dict["visual.conv1.weight"].Shape);
        Assert.Empty(dict["logit_scale"].Shape);
        Assert.Equal(DType.Float32, dict["logit_scale"].DType);
        Assert.Equal("pt", dict.Metadata["format"]);
    }

    [Fact]
    public void Read_ClipTinyFixture_ValuesEqualFileBytesAtOffsets()
    {
        using var dict = SafetensorsFile.Read(ClipWeights);
        var file = File.ReadAllBytes(ClipWeights);
        var dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        foreach (var name in new[] { "logit_scale", "visual.proj", "transformer.resblocks.2.mlp.c_proj.weight" })
        {
            var info = dict.GetInfo(name);
            Assert.Equal(file.AsSpan(dataStart + (int)info.Begin, (int)info.ByteLength).ToArray(), dict[name].Bytes.ToArray());
        }
        Assert.Equal(2.6592600345611572, dict["logit_scale"].ToDoubleArray()[0], 6);
    }

    [Fact]
    public void Write_ThenRead_RoundTripsEveryDTypeShapeAndMetadata()
    {
        // Given tensors of every supported dtype, including a scalar and an empty tensor
        var tensors = new Dictionary<string, NdArray>
        {
            ["z.f32"] = NdArray.FromArray<float>([1.5f, -2f, 3.25f, 0f, 5f, 6f], 2, 3),
            ["a.i64.scalar"] = NdArray.FromArray<long>([long.MaxValue]),
            ["m.u8"] = NdArray.FromArray<byte>([1, 2, 255], 3),
            ["b.bool"] = NdArray.FromArray<bool>([true, false], 2),
            ["h.f16"] = NdArray.FromArray<Half>([(Half)0.5, (Half)(-1)], 1, 2),
            ["d.f64"] = NdArray.FromArray<double>([Math.PI], 1),
            ["i.i32"] = NdArray.FromArray<int>([-7, 8, 9, 10], 2, 2),
            ["e.empty"] = NdArray.Zeros(DType.Float32, 0, 3),
            ["s.i16"] = NdArray.FromArray<short>([-3], 1),
        };
        var path = PathOf("round.safetensors");

        // When written and read back
        SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode" });
        using var back = SafetensorsFile.Read(path);

        // Then every tensor, its order (sorted names), the metadata and the header alignment are as expected
        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), back.Keys);
        foreach (var (name, array) in tensors)
        {
            Assert.Equal(array.DType, back[name].DType);
            Assert.Equal(array.Shape, back[name].Shape);
            Assert.Equal(array.Bytes.ToArray(), back[name].Bytes.ToArray());
        }
        Assert.Equal("ünïcode", back.Metadata["note"]);
        var bytes = File.ReadAllBytes(path);
        var n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        Assert.Equal((byte)'}', bytes.AsSpan(8, (int)n).TrimEnd((byte)' ')[^1]);
        long expected = 0;
        foreach (var name in back.Keys)
        {
            Assert.Equal(expected, back.GetInfo(name).Begin);
            expected = back.GetInfo(name).End;
        }
    }

    [Fact]
    public void Write_FileBackedDictionary_CopiesTensorsToNewFile()
    {
        var path = PathOf("copy.safetensors");
        using (var source = SafetensorsFile.Read(ClipWeights))
        {
            SafetensorsFile.Write(path, source, source.Metadata);
        }
        using var a = SafetensorsFile.Read(ClipWeights);
        using var b = SafetensorsFile.Read(path);
        Assert.Equal(a.Keys.Order(StringComparer.Ordinal), b.Keys);
        foreach (var name in a.Keys) { Assert.Equal(a[name].Bytes.ToArray(), b[name].Bytes.ToArray()); }
        Assert.Equal(new FileInfo(ClipWeights).Length - 8 - (long)HeaderLength(ClipWeights), new FileInfo(path).Length - 8 - (long)HeaderLength(path));
    }

    [Fact]
    public void Read_LargeFile_MapsInsteadOfLoading()
    {
        // Given a 64 MB tensor next to a small one
        var path = PathOf("large.safetensors");
        SafetensorsFile.Write(path, new Dictionary<string, NdArray>
        {
            ["big"] = NdArray.Zeros(DType.Float32, 4096, 4096),
            ["small"] = NdArray.FromArray<float>([1f, 2f], 2),
        });

        // When the file is opened and only the small tensor is read
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var dict = SafetensorsFile.Read(path);
        var small = dict["small"];
        var info = dict.GetInfo("big");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Then almost nothing was allocated (the big tensor stays in the mapping)
        Assert.Equal([1f, 2f], small.ToFloatArray());
        Assert.Equal(64L << 20, info.ByteLength);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Read_BFloat16_RequiresFlagAndWidensExactly()
    {
        // bf16 1.0 = 0x3F80, -2.5 = 0xC020
        var path = WriteRaw("bf.safetensors", """{"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}""", [0x80, 0x3F, 0x20, 0xC0]);
        using (var plain = SafetensorsFile.Read(path))
        {
            Assert.Equal("BF16", plain.GetInfo("w").DType);
            var ex = Assert.Throws<TesseraFormatException>(() => plain["w"]);
            Assert.Contains("ConvertBFloat16ToFloat32", ex.Message, StringComparison.Ordinal);
        }
        using var widened = SafetensorsFile.Read(path, new SafetensorsReadOptions { ConvertBFloat16ToFloat32 = true });
        Assert.Equal(DType.Float32, widened["w"].DType);
        Assert.Equal([1f, -2.5f], widened["w"].ToFloatArray());
    }

    [Fact]
    public void Read_AfterDispose_ThrowsObjectDisposed()
    {
        var dict = SafetensorsFile.Read(ClipWeights);
        dict.Dispose();
        Assert.Throws<ObjectDisposedException>(() => dict["logit_scale"]);
    }

    [Fact]
    public void Read_ManyThreads_SameValues()
    {
        using var dict = SafetensorsFile.Read(ClipWeights);
        var names = dict.Keys.ToArray();
        var expected = names.Select(n => dict[n].Bytes.ToArray()).ToArray();
        var same = new bool[names.Length * 4];
        Parallel.For(0, same.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => same[i] = dict[names[i % names.Length]].Bytes.SequenceEqual(expected[i % names.Length]));
        Assert.All(same, Assert.True);
    }

    [Fact]
    public void Write_ReservedOrEmptyName_ThrowsNamingTensorsAndWritesNothing()
    {
        var path = PathOf("bad.safetensors");
        var ex = Assert.Throws<TesseraArgumentException>(() => SafetensorsFile.Write(path,
            new Dictionary<string, NdArray> { ["__metadata__"] = NdArray.Zeros(DType.Float32, 1) }));
        Assert.Equal("tensors", ex.ParamName);
        Assert.Throws<TesseraArgumentException>(() => SafetensorsFile.Write(path, new Dictionary<string, NdArray> { [""] = NdArray.Zeros(DType.Float32, 1) }));
        Assert.Throws<TesseraArgumentException>(() => SafetensorsFile.Write(path, new Dictionary<string, NdArray> { ["x"] = null! }));
        Assert.False(File.Exists(path));
        Assert.Empty(_dir.EnumerateFiles());
    }

    [Fact]
    public void TensorDictionary_InMemory_KeepsOrderAndRejectsDuplicates()
    {
        var a = NdArray.Zeros(DType.Int32, 2);
        var d = new TensorDictionary([new("b", a), new("a", a)]);
        Assert.Equal(["b", "a"], d.Keys);
        Assert.Same(a, d["a"]);
        Assert.Equal("I32", d.GetInfo("b").DType);
        Assert.Throws<KeyNotFoundException>(() => d["c"]);
        Assert.Throws<TesseraArgumentException>(() => new TensorDictionary([new("b", a), new("b", a)]));
    }

    public static TheoryData<string, string, byte[], string> MalformedHeaders() => new()
    {
        { "not json", "{\"a\": ", [], "byte" },
        { "not an object", "[1, 2]", [], "byte 8" },
        { "unknown dtype", """{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,1]}}""", [0], "unknown dtype" },
        { "missing dtype", """{"a":{"shape":[1],"data_offsets":[0,4]}}""", [0, 0, 0, 0], "dtype" },
        { "negative dim", """{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", [0, 0, 0, 0], "shape" },
        { "size mismatch", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", [0, 0, 0, 0], "needs 8" },
        { "out of range", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", [0, 0, 0, 0], "run past" },
        { "reversed offsets", """{"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}""", [0, 0, 0, 0], "begin" },
        { "overlap", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}""", [0, 0, 0, 0], "overlaps" },
        { "gap", """{"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}""", [0, 0, 0, 0], "gap" },
        { "trailing data", """{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", [0, 0, 0, 0], "cover 2" },
        { "duplicate name", """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", [0], "twice" },
        { "metadata not strings", """{"__metadata__":{"k":1}}""", [], "__metadata__" },
        { "trailing garbage", """{} x""", [], "byte" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void Read_MalformedHeader_ThrowsFormatExceptionNamingProblem(string label, string header, byte[] data, string expected)
    {
        var path = WriteRaw(label.Replace(' ', '_') + ".safetensors", header, data);
        var ex = Assert.Throws<TesseraFormatException>(() => SafetensorsFile.Read(path).Dispose());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooShortOrHeaderPastEnd_ThrowsAtByteZero()
    {
        var shortFile = PathOf("short.safetensors");
        File.WriteAllBytes(shortFile, [1, 2, 3]);
        Assert.Equal("byte 0", Assert.Throws<TesseraFormatException>(() => SafetensorsFile.Read(shortFile)).Position);
        var past = PathOf("past.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(past, bytes);
        Assert.Equal("byte 0", Assert.Throws<TesseraFormatException>(() => SafetensorsFile.Read(past)).Position);
        var huge = PathOf("huge.safetensors");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        File.WriteAllBytes(huge, bytes);
        Assert.Equal("byte 0", Assert.Throws<TesseraFormatException>(() => SafetensorsFile.Read(huge)).Position);
    }

    [Fact]
    public void Read_InvalidJson_ReportsBytePositionInFile()
    {
        var path = WriteRaw("pos.safetensors", """{"a": ?}""", []);
        var ex = Assert.Throws<TesseraFormatException>(() => SafetensorsFile.Read(path));
        Assert.Equal("byte 14", ex.Position);
    }

    [Fact]
    public void Read_Missing_ThrowsFileNotFound()
        => Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Read(PathOf("none.safetensors")));

    private string WriteRaw(string name, string header, byte[] data)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static ulong HeaderLength(string path)
    {
        using var s = File.OpenRead(path);
        Span<byte> b = stackalloc byte[8];
        s.ReadExactly(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }
}
