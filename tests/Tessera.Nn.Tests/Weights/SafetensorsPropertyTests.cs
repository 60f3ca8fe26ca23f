using System.Buffers.Binary;
using CsCheck;
using Tessera.Core.Arrays;
using Tessera.Nn.Weights;

namespace Tessera.Nn.Tests.Weights;

public sealed class SafetensorsPropertyTests
{
    private static readonly DType[] DTypes = Enum.GetValues<DType>();

    private static readonly Gen<NdArray> Arrays =
        Gen.Select(Gen.OneOf(DTypes), Gen.Int[0, 4].Array[0, 3], Gen.Byte.Array[0, 512])
            .Select((dtype, shape, noise) =>
            {
                var bytes = new byte[shape.Aggregate(1, (n, d) => n * d) * dtype.SizeOf()];
                for (var i = 0; i < bytes.Length; i++) { bytes[i] = noise.Length == 0 ? (byte)i : noise[i % noise.Length]; }
                if (dtype == DType.Bool) { for (var i = 0; i < bytes.Length; i++) { bytes[i] &= 1; } }
                return NdArray.FromBytes(dtype, shape, bytes);
            });

    private static readonly Gen<Dictionary<string, NdArray>> Dicts =
        Gen.Select(Gen.String[Gen.Char["abcxyz._0123456789é"], 1, 12], Arrays).Array[0, 8]
            .Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2));

    [Fact]
    public void WriteThenRead_AnyTensors_RoundTripsAndTilesAlignedData()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-st-prop-");
        try
        {
            Dicts.Sample(tensors =>
            {
                // CsCheck runs samples on several threads: every sample gets its own file.
                var path = Path.Combine(dir.FullName, $"p{Guid.NewGuid():N}.safetensors");
                SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["k"] = "v" });
                using var back = SafetensorsFile.Read(path);
                var bytes = File.ReadAllBytes(path);
                var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                return headerLength % 8 == 0
                    && back.Keys.SequenceEqual(tensors.Keys.Order(StringComparer.Ordinal))
                    && tensors.All(p => back[p.Key].DType == p.Value.DType && back[p.Key].Shape.SequenceEqual(p.Value.Shape)
                        && back[p.Key].Bytes.SequenceEqual(p.Value.Bytes))
                    && back.Metadata["k"] == "v";
            }, iter: 60, seed: "0N0XIzNsQ0O2");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
