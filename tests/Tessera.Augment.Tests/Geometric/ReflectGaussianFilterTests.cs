using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Augment.Common;
using Tessera.Augment.Geometric;

namespace Tessera.Augment.Tests.Geometric;

/// <summary>
/// The exact ElasticTransform blur against scipy 1.10.1's <c>ndimage.gaussian_filter</c> (NumPy 1.24.2), on seeded
/// random fields of several shapes and sigmas (Data/scipy-gaussian-filter.json, written by scipy itself). Shapes where
/// the kernel is wider than the image (reflected more than once) and the 256×256, sigma 50 field of the benchmark are
/// among them.
/// </summary>
public class ReflectGaussianFilterTests(ITestOutputHelper output)
{
    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < ReadCases().GetArrayLength(); i++)
        {
            data.Add(i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_SeededField_MatchesScipyGaussianFilter(int index)
    {
        var c = ReadCases()[index];
        int h = c.GetProperty("height").GetInt32(), w = c.GetProperty("width").GetInt32();
        var sigma = c.GetProperty("sigma").GetDouble();
        var rng = new NumpyRandomState(c.GetProperty("seed").GetUInt32());
        var field = new double[h * w];
        for (var i = 0; i < field.Length; i++)
        {
            field[i] = (rng.RandomSample() * 2) - 1;
        }
        ReflectGaussianFilter.Apply(field, h, w, sigma);

        if (c.TryGetProperty("bits", out var bits))
        {
            var expected = bits.GetString()!.Split(' ').Select(s => BitConverter.UInt64BitsToDouble(Convert.ToUInt64(s, 16))).ToArray();
            Assert.Equal(expected.Length, field.Length);
            var maxAbs = field.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{h}x{w} sigma {sigma}: max |d| {maxAbs:E3}");
            // the last bits differ where NumPy's AVX-512 exp rounds the kernel differently from the C library's
            Assert.True(maxAbs <= 1e-16, $"max |d| {maxAbs:E3} > 1e-16");
        }
        // what ElasticTransform uses, np.float32(field), is the same to the bit
        var single = field.Select(v => (float)v).ToArray();
        var bytes = new byte[single.Length * 4];
        Buffer.BlockCopy(single, 0, bytes, 0, bytes.Length);
        Assert.Equal(c.GetProperty("float32_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void HalfKernel_Sigma2_SumsToOneAndFallsOff()
    {
        var half = ReflectGaussianFilter.HalfKernel(2, 8);
        Assert.Equal(9, half.Length);
        Assert.Equal(1.0, half[0] + (2 * half.Skip(1).Sum()), 12);
        Assert.True(half.Zip(half.Skip(1), (a, b) => a > b).All(x => x));
        Assert.Equal(Math.Exp(-0.5 * 16 / 4) / Math.Exp(0), half[4] / half[0], 12);
    }

    [Fact]
    public void PairwiseSum_LongArray_EqualsNumpySum()
    {
        // np.array([1 / (i + 1) * (1e8 if i % 3 == 0 else 1) for i in range(300)]).sum() in NumPy 1.24.2; a plain
        // left-to-right loop gives 257851340.01832232
        var a = Enumerable.Range(0, 300).Select(i => 1.0 / (i + 1) * (i % 3 == 0 ? 1e8 : 1)).ToArray();
        Assert.Equal(257851340.01832235, ReflectGaussianFilter.PairwiseSum(a));
        Assert.NotEqual(257851340.01832232, ReflectGaussianFilter.PairwiseSum(a));
    }

    [Fact]
    public void ElasticTransform_SigmaAboveTheBound_ThrowsNamingSigma()
    {
        var e = Assert.Throws<Tessera.Core.Errors.TesseraArgumentException>(() => new ElasticTransform(sigma: ElasticTransform.MaxSigma * 2));
        Assert.Equal("sigma", e.ParamName);
        Assert.Contains("taps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_KernelWiderThanTwoReflections_StaysCloseToTheUnfoldedSum()
    {
        // 5×6 with sigma 4 (radius 16 > 2·6): the folded path; the same sum up to rounding as a direct tap loop
        var rng = new NumpyRandomState(11);
        var field = Enumerable.Range(0, 30).Select(_ => (rng.RandomSample() * 2) - 1).ToArray();
        var expected = Direct(Direct(field, 5, 6, 4, columns: true), 5, 6, 4, columns: false);
        ReflectGaussianFilter.Apply(field, 5, 6, 4);
        Assert.All(field.Zip(expected), p => Assert.Equal(p.Second, p.First, 1e-14));
    }

    private static double[] Direct(double[] src, int h, int w, double sigma, bool columns)
    {
        var radius = (int)((4 * sigma) + 0.5);
        var half = ReflectGaussianFilter.HalfKernel(sigma, radius);
        var dst = new double[src.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var acc = 0.0;
                for (var t = -radius; t <= radius; t++)
                {
                    acc += half[Math.Abs(t)] * (columns ? src[(BorderIndex.Reflect(y + t, h) * w) + x] : src[(y * w) + BorderIndex.Reflect(x + t, w)]);
                }
                dst[(y * w) + x] = acc;
            }
        }
        return dst;
    }

    private static JsonElement ReadCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Geometric", "Data", "scipy-gaussian-filter.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").Clone();
    }
}
