using Tessera.Core.Errors;
using Tessera.Core.Random;
using Tessera.Nn.Runtime;
using Tessera.Nn.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Training;

[Collection(TorchRngGroup.Name)]
public sealed class TrainerBufferTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-trainer-buf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static nn.Module<Tensor, Tensor> Model(bool batchNorm)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(7);
        return batchNorm
            ? nn.Sequential(("fc", nn.Linear(4, 8)), ("bn", nn.BatchNorm1d(8, affine: false)), ("out", nn.Linear(8, 1)))
            : nn.Sequential(("fc", nn.Linear(4, 8)), ("id", nn.Identity()), ("out", nn.Linear(8, 1)));
    }

    private static IEnumerable<(Tensor X, Tensor Y)> Data(int epoch, IRandom random)
    {
        _ = epoch;
        for (var b = 0; b < 4; b++)
        {
            var x = torch.tensor(Enumerable.Range(0, 32).Select(_ => (float)random.NextGaussian()).ToArray(), [8, 4]);
            yield return (x, x.sum(1, keepdim: true));
        }
    }

    [Fact]
    public void Fit_BatchNormModel_CheckpointRestoresRunningStatistics()
    {
        var dir = Path.Combine(_dir, "bn");
        float[] trained;
        using (var model = Model(true))
        using (var trainer = new Trainer(model, new TrainerOptions { OutputDirectory = dir, MaxSteps = 3 }))
        {
            trainer.Fit<(Tensor X, Tensor Y)>(b => nn.functional.mse_loss(model.forward(b.X), b.Y), Data);
            trained = model.state_dict()["bn.running_mean"].data<float>().ToArray();
        }
        Assert.Contains(trained, v => v != 0);

        // A fresh model resumed at the same step limit (nothing left to do) gets the stored running mean back
        using var fresh = Model(true);
        using var again = new Trainer(fresh, new TrainerOptions { OutputDirectory = dir, MaxSteps = 3 });
        again.Fit<(Tensor X, Tensor Y)>(b => nn.functional.mse_loss(fresh.forward(b.X), b.Y), Data);
        Assert.Equal(trained, fresh.state_dict()["bn.running_mean"].data<float>().ToArray());
    }

    [Fact]
    public void Fit_CheckpointWithOtherBuffers_IsFormatErrorNamingThem()
    {
        var dir = Path.Combine(_dir, "mix");
        using (var model = Model(true))
        using (var trainer = new Trainer(model, new TrainerOptions { OutputDirectory = dir, MaxSteps = 1 }))
        {
            trainer.Fit<(Tensor X, Tensor Y)>(b => nn.functional.mse_loss(model.forward(b.X), b.Y), Data);
        }
        using var plain = Model(false);
        using var other = new Trainer(plain, new TrainerOptions { OutputDirectory = dir, MaxSteps = 2 });
        var e = Assert.Throws<TesseraFormatException>(() => other.Fit<(Tensor X, Tensor Y)>(b => nn.functional.mse_loss(plain.forward(b.X), b.Y), Data));
        Assert.Contains("bn.running_mean", e.Message, StringComparison.Ordinal);
    }
}
