using Tessera.Core.Random;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Training;

/// <summary>Trainer tests share torch's global generator, so they never run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRngGroup
{
    public const string Name = "torch global RNG";
}

/// <summary>A 2-layer MLP (4 → 16 → 1) with dropout, so resume must restore torch's generator too.</summary>
internal sealed class TinyMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Dropout drop;
    private readonly Linear fc2;

    public TinyMlp(long seed, double dropout = 0.1) : base(nameof(TinyMlp))
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        fc1 = nn.Linear(4, 16);
        drop = nn.Dropout(dropout);
        fc2 = nn.Linear(16, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => fc2.forward(drop.forward(nn.functional.relu(fc1.forward(input))));

    public Dictionary<string, float[]> Snapshot() =>
        named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().data<float>().ToArray());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fc1.Dispose();
            drop.Dispose();
            fc2.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>y = x·w + 0.5 + small noise on 128 fixed samples; an epoch is 8 shuffled batches of 16.</summary>
internal sealed class SyntheticRegression
{
    public const int Samples = 128;
    public const int BatchSize = 16;
    private readonly float[] _x = new float[Samples * 4];
    private readonly float[] _y = new float[Samples];

    public SyntheticRegression()
    {
        var rng = new SeededRandom(42);
        float[] w = [1.5f, -2f, 0.5f, 1f];
        for (var i = 0; i < Samples; i++)
        {
            var sum = 0.5f;
            for (var j = 0; j < 4; j++)
            {
                _x[(i * 4) + j] = (float)rng.NextGaussian();
                sum += w[j] * _x[(i * 4) + j];
            }
            _y[i] = sum + (0.01f * (float)rng.NextGaussian());
        }
    }

    public IEnumerable<(Tensor X, Tensor Y)> Epoch(int epoch, IRandom random)
    {
        _ = epoch;
        var order = Enumerable.Range(0, Samples).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        for (var b = 0; b < Samples / BatchSize; b++)
        {
            var xs = new float[BatchSize * 4];
            var ys = new float[BatchSize];
            for (var k = 0; k < BatchSize; k++)
            {
                var s = order[(b * BatchSize) + k];
                Array.Copy(_x, s * 4, xs, k * 4, 4);
                ys[k] = _y[s];
            }
            yield return (torch.tensor(xs, [BatchSize, 4]), torch.tensor(ys, [BatchSize, 1]));
        }
    }

    public static Tessera.Nn.Training.ITrainingTask<(Tensor X, Tensor Y)> Task(TinyMlp model) =>
        Tessera.Nn.Training.TrainingTask.FromDelegate<(Tensor X, Tensor Y)>(
            b => nn.functional.mse_loss(model.forward(b.X), b.Y), b => (int)b.X.shape[0]);
}
