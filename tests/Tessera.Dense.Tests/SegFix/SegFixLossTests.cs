using Tessera.Core.Errors;
using Tessera.Dense.SegFix;
using Tessera.Nn.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.SegFix;

public sealed class SegFixLossTests
{
    public SegFixLossTests() => TorchRuntime.EnsureLoaded();

    // 1×4×4 map: boundary on the left two columns, ignore at (3, 3), not boundary elsewhere.
    private static (Tensor Boundary, Tensor Direction) Targets()
    {
        long[] b =
        [
            1, 1, 0, 0,
            1, 1, 0, 0,
            1, 1, 0, 0,
            1, 1, 0, -1,
        ];
        long[] d =
        [
            0, 1, 2, 3,
            4, 5, 6, 7,
            0, 1, 2, 3,
            4, 5, 6, 7,
        ];
        return (torch.tensor(b, [1, 4, 4]), torch.tensor(d, [1, 4, 4]));
    }

    private static Tensor Logits(long channels, int seed)
    {
        var g = new torch.Generator((ulong)seed);
        return torch.randn([1, channels, 4, 4], generator: g);
    }

    [Fact]
    public void Compute_DirectionLogitsOffBoundary_DoNotChangeTheDirectionLoss()
    {
        using var scope = torch.NewDisposeScope();
        var (boundary, direction) = Targets();
        var mask = Logits(2, 1);
        var dir = Logits(8, 2);

        // When the direction logits change only on non-boundary pixels (columns 2, 3)
        var changed = dir.clone();
        changed[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(2, 4)] = torch.randn(1, 8, 4, 2) * 10;
        var before = SegFixLoss.Compute(new SegFixOutput(mask, dir), boundary, direction).Direction.item<float>();
        var after = SegFixLoss.Compute(new SegFixOutput(mask, changed), boundary, direction).Direction.item<float>();

        // Then the direction loss is the same; changing a boundary pixel does change it
        Assert.Equal(before, after);
        var onBoundary = dir.clone();
        onBoundary[0, TensorIndex.Colon, 0, 0] = torch.randn(8) * 10;
        Assert.NotEqual(before, SegFixLoss.Compute(new SegFixOutput(mask, onBoundary), boundary, direction).Direction.item<float>());
    }

    [Fact]
    public void Compute_Gradients_DirectionOnlyOnBoundaryAndMaskNotOnIgnore()
    {
        using var scope = torch.NewDisposeScope();
        var (boundary, direction) = Targets();
        var mask = Logits(2, 3).requires_grad_(true);
        var dir = Logits(8, 4).requires_grad_(true);

        // When the total loss is back-propagated
        SegFixLoss.Compute(new SegFixOutput(mask, dir), boundary, direction).Total.backward();

        // Then direction gradients vanish off the boundary and are non-zero on it; the mask gradient vanishes only at the ignore pixel
        var dg = dir.grad!.abs().sum(1).squeeze(0);
        var mg = mask.grad!.abs().sum(1).squeeze(0);
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var isBoundary = x < 2;
                Assert.Equal(isBoundary, dg[y, x].item<float>() > 0);
                Assert.Equal(!(y == 3 && x == 3), mg[y, x].item<float>() > 0);
            }
        }
    }

    [Fact]
    public void Compute_ClassWeights_AreOneMinusFrequency()
    {
        using var scope = torch.NewDisposeScope();
        var (boundary, _) = Targets();

        // 8 boundary, 7 non-boundary pixels counted (the ignore pixel is not)
        var w = SegFixLoss.Weights(boundary, 2).data<float>().ToArray();

        Assert.Equal(1 - (7f / 15), w[0], 5);
        Assert.Equal(1 - (8f / 15), w[1], 5);
    }

    [Fact]
    public void Compute_NoBoundaryPixels_DirectionLossIsZeroAndFinite()
    {
        using var scope = torch.NewDisposeScope();
        var boundary = torch.zeros([1, 4, 4], ScalarType.Int64);
        var terms = SegFixLoss.Compute(new SegFixOutput(Logits(2, 5), Logits(8, 6)), boundary, torch.zeros([1, 4, 4], ScalarType.Int64));
        Assert.Equal(0f, terms.Direction.item<float>());
        Assert.True(float.IsFinite(terms.Total.item<float>()));
    }

    [Fact]
    public void Compute_MismatchedTargets_ThrowNamingTheArgument()
    {
        using var scope = torch.NewDisposeScope();
        var output = new SegFixOutput(Logits(2, 7), Logits(8, 8));
        var (boundary, direction) = Targets();
        Assert.Equal("boundary", Assert.Throws<TesseraArgumentException>(() => SegFixLoss.Compute(output, torch.zeros([1, 3, 4], ScalarType.Int64), direction)).ParamName);
        Assert.Equal("direction", Assert.Throws<TesseraArgumentException>(() => SegFixLoss.Compute(output, boundary, direction.to_type(ScalarType.Int32))).ParamName);
        var bad = direction.clone();
        bad[0, 0, 0] = 9;
        Assert.Equal("direction", Assert.Throws<TesseraArgumentException>(() => SegFixLoss.Compute(output, boundary, bad)).ParamName);
    }
}
