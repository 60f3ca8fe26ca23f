using Tessera.Core.Arrays;
using Tessera.Data.Synthetic;
using Tessera.Dense.SegFix;
using Tessera.Nn.Weights;
using Tessera.TestSupport;
using TorchSharp;

namespace Tessera.Dense.Tests.SegFix;

public sealed class SegFixPretrainedTests
{
    private static string CommittedFile => Path.Combine(SharedFixtures.RepoRoot, "models", "segfix", "segfix-compact.safetensors");

    [Fact]
    public void OpenCompact_HoldsTheCommittedFileByteForByte()
    {
        using var stream = SegFixPretrained.OpenCompact();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        Assert.Equal(File.ReadAllBytes(CommittedFile), copy.ToArray());
    }

    [Fact]
    public void LoadCompact_IsTheCompactConfigInEvalModeWithTheFilesWeights()
    {
        using var net = SegFixPretrained.LoadCompact();
        var (file, metadata) = CheckpointReader.ReadSafetensors(CommittedFile);
        using var _ = file;

        Assert.False(net.training);
        Assert.Equal(SegFixWeights.Format, metadata["format"]);
        Assert.Equal(SegFixConfig.Compact.StageChannels, net.Config.StageChannels);
        Assert.Equal(SegFixConfig.Compact.MidChannels, net.Config.MidChannels);
        Assert.Equal(SegFixConfig.Compact.Bins, net.Config.Bins);
        var state = net.state_dict();
        Assert.Equal(file.Keys.Order(StringComparer.Ordinal), state.Keys.Order(StringComparer.Ordinal));
        foreach (var key in file.Keys)
        {
            Assert.True(file[key].equal(state[key]).all().item<bool>(), $"{key} differs from the committed file");
        }
    }

    [Fact]
    public void CompactPredictor_DemoStreetScene_DeterministicSameAsFromFileAndFindsBoundaries()
    {
        // The demo's scene (tessera demo --section segfix-net), which the CLI ran through the file-based loader before.
        var labels = ShapeScenes.Street(128, 256, 7, 1);
        var image = SceneRenderer.Render(labels, 7, 1);

        using var shipped = SegFixPretrained.CompactPredictor();
        using var fromFile = SegFixPredictor.Load(CommittedFile);
        var a = shipped.Predict(image);
        var b = shipped.Predict(image);
        var c = fromFile.Predict(image);

        Assert.Equal([128, 256], a.BoundaryProbability.Shape);
        Assert.Equal([128, 256], a.DirectionBins.Shape);
        Assert.Equal([128, 256, 2], a.Offsets.Shape);
        foreach (var (name, other) in new[] { ("second call", b), ("file-loaded predictor", c) })
        {
            var pa = a.BoundaryProbability.AsSpan<float>().ToArray();
            var po = other.BoundaryProbability.AsSpan<float>().ToArray();
            var differing = pa.Zip(po).Count(p => p.First != p.Second);
            var maxDiff = pa.Zip(po).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(differing == 0, $"{name}: {differing} boundary probabilities differ (max |Δ| {maxDiff})");
            Assert.Equal(a.DirectionBins.AsSpan<sbyte>().ToArray(), other.DirectionBins.AsSpan<sbyte>().ToArray());
            Assert.Equal(a.Offsets.AsSpan<sbyte>().ToArray(), other.Offsets.AsSpan<sbyte>().ToArray());
        }

        // The trained weights, not random ones: predicted boundary pixels lie within 2 px of a true label edge about
        // twice as often as pixels picked at random (measured: 0.66 of 16,273 predicted pixels vs 0.33 of all).
        var (precision, baseRate, count) = BoundaryPrecision(labels, a.BoundaryProbability, radius: 2);
        Assert.InRange(count, 128 * 256 / 20, 128 * 256 * 3 / 4);
        Assert.True(precision > 1.6 * baseRate, $"boundary precision {precision:F3} vs base rate {baseRate:F3} ({count} pixels)");
    }

    /// <summary>Share of predicted boundary pixels (p &gt; 0.5) within <paramref name="radius"/> px of a label edge, and the same share over all pixels.</summary>
    private static (double Precision, double BaseRate, int Predicted) BoundaryPrecision(NdArray labels, NdArray probability, int radius)
    {
        int h = labels.Shape[0], w = labels.Shape[1];
        var l = labels.AsSpan<byte>().ToArray();
        var edge = new bool[h * w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = l[(y * w) + x];
                edge[(y * w) + x] = (x + 1 < w && l[(y * w) + x + 1] != v) || (y + 1 < h && l[((y + 1) * w) + x] != v)
                    || (x > 0 && l[(y * w) + x - 1] != v) || (y > 0 && l[((y - 1) * w) + x] != v);
            }
        }
        var near = new bool[h * w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var dy = -radius; dy <= radius && !near[(y * w) + x]; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        if (yy >= 0 && yy < h && xx >= 0 && xx < w && edge[(yy * w) + xx])
                        {
                            near[(y * w) + x] = true;
                            break;
                        }
                    }
                }
            }
        }
        var p = probability.AsSpan<float>();
        int predicted = 0, hits = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] > 0.5f)
            {
                predicted++;
                if (near[i]) { hits++; }
            }
        }
        return (predicted == 0 ? 0 : (double)hits / predicted, near.Count(n => n) / (double)near.Length, predicted);
    }
}
