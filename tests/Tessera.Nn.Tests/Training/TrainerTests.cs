using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Nn.Training;
using Tessera.Nn.Weights;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Training;

[Collection(TorchRngGroup.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-trainer-" + Guid.NewGuid().ToString("N"));
    private readonly SyntheticRegression _data = new();

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string Dir(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData(OptimizerKind.AdamW, 1e-2, 0.0)]
    [InlineData(OptimizerKind.Sgd, 2e-2, 0.9)]
    public void Fit_MlpOnSyntheticData_LossDecreases(OptimizerKind kind, double lr, double momentum)
    {
        // Given a 2-layer MLP and a linear target
        using var model = new TinyMlp(seed: 1);
        using var trainer = new Trainer(model, new TrainerOptions { Optimizer = kind, LearningRate = lr, Momentum = momentum, Epochs = 6 });

        // When it trains for 6 epochs of 8 batches
        var result = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);

        // Then the last epoch's mean loss is well below the first's
        Assert.Equal(48, result.Steps);
        Assert.Equal(6, result.Epoch);
        Assert.False(result.Cancelled);
        var first = result.Metrics.Where(m => m.Epoch == 0).Average(m => m.Loss);
        var last = result.Metrics.Where(m => m.Epoch == 5).Average(m => m.Loss);
        Assert.True(last < 0.25 * first, $"loss {first} → {last}");
        Assert.All(result.Metrics, m => Assert.True(m.SamplesPerSecond > 0));
    }

    [Fact]
    public void Fit_FrozenPrefix_FrozenParametersGetNoGradientAndStayUnchanged()
    {
        // Given fc1 frozen
        using var model = new TinyMlp(seed: 2);
        var before = model.Snapshot();
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 1e-2, FrozenPrefixes = ["fc1."], MaxSteps = 5 });

        // When training runs
        trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);

        // Then fc1 has requires_grad = false, no gradient and the same values; fc2 moved
        var after = model.Snapshot();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(["fc1.weight", "fc1.bias"], trainer.FrozenParameterNames);
        Assert.Equal(["fc2.weight", "fc2.bias"], trainer.TrainableParameterNames);
        foreach (var name in new[] { "fc1.weight", "fc1.bias" })
        {
            Assert.False(parameters[name].requires_grad);
            Assert.Null(parameters[name].grad);
            Assert.Equal(before[name], after[name]);
        }
        Assert.True(parameters["fc2.weight"].requires_grad);
        Assert.NotEqual(before["fc2.weight"], after["fc2.weight"]);
    }

    [Theory]
    [InlineData(OptimizerKind.AdamW, 5)]
    [InlineData(OptimizerKind.AdamW, 8)]
    [InlineData(OptimizerKind.Sgd, 11)]
    public void Fit_ResumeAfterStop_MatchesUninterruptedRun(OptimizerKind kind, int stopAt)
    {
        // Given options with dropout in the model (torch RNG matters) and a cosine schedule over 2 epochs
        const int total = 16;
        TrainerOptions Options(string dir, long maxSteps) => new()
        {
            Optimizer = kind, LearningRate = 1e-2, Momentum = kind == OptimizerKind.Sgd ? 0.9 : 0, Epochs = 2, MaxSteps = maxSteps,
            Schedule = new CosineWarmupSchedule(3, total), MaxGradNorm = 1.0, Seed = 5, OutputDirectory = dir,
        };
        Dictionary<string, float[]> straight;
        using (var model = new TinyMlp(seed: 3))
        using (var trainer = new Trainer(model, Options(Dir("straight"), total)))
        {
            trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);
            straight = model.Snapshot();
        }

        // When a run stops after stopAt steps and a fresh model + trainer resume from its checkpoint
        using (var model = new TinyMlp(seed: 3))
        using (var trainer = new Trainer(model, Options(Dir("resumed"), stopAt)))
        {
            Assert.Equal(stopAt, trainer.Fit(SyntheticRegression.Task(model), _data.Epoch).Steps);
        }
        torch.manual_seed(999); // disturb the global generator; the checkpoint must restore it
        TrainingResult resumed;
        Dictionary<string, float[]> final;
        using (var model = new TinyMlp(seed: 3))
        using (var trainer = new Trainer(model, Options(Dir("resumed"), total)))
        {
            resumed = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);
            final = model.Snapshot();
        }

        // Then the parameters equal the uninterrupted run's bit for bit
        Assert.Equal(stopAt, resumed.ResumedFromStep);
        Assert.Equal(total, resumed.Steps);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), resumed.Metrics.Select(m => m.Step));
        foreach (var (name, values) in straight)
        {
            Assert.Equal(values, final[name]);
        }
    }

    [Fact]
    public void Fit_Cancelled_StopsAfterCurrentStepWithCheckpointAndResumes()
    {
        // Given a token cancelled from the progress report of step 3
        using var cts = new CancellationTokenSource();
        var options = new TrainerOptions { LearningRate = 1e-2, Epochs = 1, Seed = 9, OutputDirectory = Dir("cancel") };
        Dictionary<string, float[]> straight;
        using (var model = new TinyMlp(seed: 4))
        using (var trainer = new Trainer(model, options with { OutputDirectory = Dir("cancel-straight") }))
        {
            trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);
            straight = model.Snapshot();
        }

        // When training is cancelled
        TrainingResult first;
        using (var model = new TinyMlp(seed: 4))
        using (var trainer = new Trainer(model, options))
        {
            var progress = new SyncProgress(r =>
            {
                if (r.Done == 3)
                {
                    cts.Cancel();
                }
            });
            first = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch, progress, cts.Token);
        }

        // Then it stopped cleanly after step 3 with a checkpoint, and a resumed run ends like an uninterrupted one
        Assert.True(first.Cancelled);
        Assert.Equal(3, first.Steps);
        Assert.True(File.Exists(first.CheckpointPath));
        using (var model = new TinyMlp(seed: 4))
        using (var trainer = new Trainer(model, options))
        {
            var second = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);
            Assert.False(second.Cancelled);
            Assert.Equal(8, second.Steps);
            var final = model.Snapshot();
            foreach (var (name, values) in straight)
            {
                Assert.Equal(values, final[name]);
            }
        }
    }

    [Fact]
    public void Checkpoint_HoldsOnlyTrainableParametersAndOptimizerState()
    {
        // Given fc1 frozen and AdamW
        using var model = new TinyMlp(seed: 5);
        using var trainer = new Trainer(model, new TrainerOptions { FrozenPrefixes = ["fc1."], MaxSteps = 2, OutputDirectory = Dir("ckpt") });

        // When a checkpoint is written
        var result = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);
        var (tensors, metadata) = StateDictFileIo.Read(result.CheckpointPath!);
        try
        {
            // Then it holds fc2 and its AdamW moments, the RNG state and the position, and nothing of fc1
            Assert.Equal(
                ["model.fc2.bias", "model.fc2.weight", "optimizer.fc2.bias.exp_avg", "optimizer.fc2.bias.exp_avg_sq",
                 "optimizer.fc2.weight.exp_avg", "optimizer.fc2.weight.exp_avg_sq", "rng.torch"],
                tensors.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("2", metadata["step"]);
            Assert.Equal("2", metadata["optimizer.fc2.weight.step"]);
            Assert.Equal("AdamW", metadata["optimizer"]);
            var fc2 = model.named_parameters().Single(p => p.name == "fc2.weight").parameter;
            Assert.True(tensors["model.fc2.weight"].equal(fc2.detach()).all().item<bool>());
        }
        finally
        {
            tensors.Dispose();
        }
    }

    [Fact]
    public void Fit_WithOutputDirectory_WritesMetricsCsvAndNoPicture()
    {
        using var model = new TinyMlp(seed: 6);
        using var trainer = new Trainer(model, new TrainerOptions { MaxSteps = 6, CheckpointEvery = 2, OutputDirectory = Dir("metrics") });

        var result = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);

        var lines = File.ReadAllLines(trainer.MetricsPath!);
        Assert.Equal(MetricsLog.Header, lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("6,0,", lines[6], StringComparison.Ordinal);
        Assert.Equal(result.Metrics[5].Loss, double.Parse(lines[6].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["checkpoint.safetensors", "metrics.csv"], Directory.GetFiles(Dir("metrics")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(Dir("metrics"), "*.tmp"));
    }

    [Fact]
    public void Fit_Progress_ReportsEpochLossAndThroughputEveryNSteps()
    {
        using var model = new TinyMlp(seed: 14);
        using var trainer = new Trainer(model, new TrainerOptions { MaxSteps = 8, ReportEvery = 4 });
        var reports = new List<ProgressReport>();

        trainer.Fit(SyntheticRegression.Task(model), _data.Epoch, new SyncProgress(reports.Add));

        Assert.Equal([1L, 4L, 8L], reports.Select(r => r.Done));
        Assert.All(reports, r =>
        {
            Assert.Equal("epoch 1/1", r.Stage);
            Assert.Equal(8L, r.Total);
            Assert.Matches(@"^loss [0-9.]+ · [0-9.]+ samples/s · lr 1e-3$", r.Detail);
        });
    }

    [Fact]
    public void Fit_ResumeFalse_StartsAfreshOverAnExistingCheckpoint()
    {
        var options = new TrainerOptions { MaxSteps = 2, OutputDirectory = Dir("fresh") };
        using (var model = new TinyMlp(seed: 15))
        using (var trainer = new Trainer(model, options))
        {
            trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);
        }

        using (var model = new TinyMlp(seed: 15))
        using (var trainer = new Trainer(model, options with { Resume = false }))
        {
            var result = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);

            Assert.Equal(0, result.ResumedFromStep);
            Assert.Equal(2, result.Steps);
            Assert.Equal(3, File.ReadAllLines(trainer.MetricsPath!).Length);
        }
    }

    [Theory]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.Sgd)]
    public void Fit_ManySteps_LeavesNoLiveTensorsBehind(OptimizerKind kind)
    {
        // Given a trainer that has run once (optimizer state exists)
        using var model = new TinyMlp(seed: 16);
        using var trainer = new Trainer(model, new TrainerOptions { Optimizer = kind, Momentum = kind == OptimizerKind.Sgd ? 0.9 : 0, MaxGradNorm = 1, Epochs = 1 });
        trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        // When it runs 8 more steps
        trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);

        // Then every tensor made by data, forward, backward, clipping and update was disposed
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Fit_Schedule_SetsTheLearningRateOfEveryStep()
    {
        using var model = new TinyMlp(seed: 7);
        var schedule = new CosineWarmupSchedule(2, 8, 0.1);
        using var trainer = new Trainer(model, new TrainerOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Schedule = schedule });

        var result = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);

        Assert.Equal(Enumerable.Range(0, 8).Select(s => 0.05 * schedule.Factor(s)), result.Metrics.Select(m => m.LearningRate));
    }

    [Fact]
    public void Fit_GradientClipping_BoundsTheSgdUpdate()
    {
        // Given plain SGD with lr 1 and gradients clipped to a global norm of 1e-3
        using var model = new TinyMlp(seed: 8, dropout: 0);
        var before = model.Snapshot();
        using var trainer = new Trainer(model, new TrainerOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 1, MaxGradNorm = 1e-3, MaxSteps = 1 });

        var result = trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);

        // Then the recorded pre-clip norm is large and the whole update has norm ≤ 1e-3
        var after = model.Snapshot();
        var update = Math.Sqrt(before.Sum(kv => kv.Value.Zip(after[kv.Key], (a, b) => (double)(a - b) * (a - b)).Sum()));
        Assert.True(result.Metrics[0].GradNorm > 1e-2);
        Assert.InRange(update, 0.9e-3, 1.001e-3);
    }

    [Fact]
    public void Fit_ResumeWithDifferentTrainableSet_ThrowsFormatError()
    {
        using (var model = new TinyMlp(seed: 9))
        using (var trainer = new Trainer(model, new TrainerOptions { MaxSteps = 1, OutputDirectory = Dir("mismatch") }))
        {
            trainer.Fit(SyntheticRegression.Task(model), _data.Epoch);
        }
        using (var model = new TinyMlp(seed: 9))
        using (var trainer = new Trainer(model, new TrainerOptions { MaxSteps = 2, FrozenPrefixes = ["fc2."], OutputDirectory = Dir("mismatch") }))
        {
            var before = model.Snapshot();
            var ex = Assert.Throws<TesseraFormatException>(() => trainer.Fit(SyntheticRegression.Task(model), _data.Epoch));
            Assert.Contains("unexpected: [fc2.bias, fc2.weight]", ex.Message, StringComparison.Ordinal);
            Assert.Equal(before["fc1.weight"], model.Snapshot()["fc1.weight"]);
        }
    }

    [Fact]
    public void Fit_NonScalarLoss_ThrowsNamingTask()
    {
        using var model = new TinyMlp(seed: 10);
        using var trainer = new Trainer(model);

        var ex = Assert.Throws<TesseraArgumentException>(() =>
            trainer.Fit<(Tensor X, Tensor Y)>(b => model.forward(b.X), _data.Epoch));

        Assert.Equal("task", ex.ParamName);
    }

    public static TheoryData<TrainerOptions, string> BadOptions => new()
    {
        { new TrainerOptions { LearningRate = 0 }, "options.LearningRate" },
        { new TrainerOptions { LearningRate = double.NaN }, "options.LearningRate" },
        { new TrainerOptions { WeightDecay = -1 }, "options.WeightDecay" },
        { new TrainerOptions { Momentum = 1 }, "options.Momentum" },
        { new TrainerOptions { Nesterov = true }, "options.Nesterov" },
        { new TrainerOptions { Beta2 = 1 }, "options.Beta2" },
        { new TrainerOptions { Epsilon = 0 }, "options.Epsilon" },
        { new TrainerOptions { MaxGradNorm = 0 }, "options.MaxGradNorm" },
        { new TrainerOptions { Epochs = 0 }, "options.Epochs" },
        { new TrainerOptions { MaxSteps = -1 }, "options.MaxSteps" },
        { new TrainerOptions { CheckpointEvery = -1 }, "options.CheckpointEvery" },
        { new TrainerOptions { ReportEvery = 0 }, "options.ReportEvery" },
        { new TrainerOptions { FrozenPrefixes = [""] }, "options.FrozenPrefixes" },
        { new TrainerOptions { ParameterGroups = [new ParameterGroupRule("fc2.", -1)] }, "options.ParameterGroups" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Constructor_BadOption_ThrowsNamingIt(TrainerOptions options, string param)
    {
        using var model = new TinyMlp(seed: 11);

        var ex = Assert.Throws<TesseraArgumentException>(() => new Trainer(model, options));

        Assert.Equal(param, ex.ParamName);
    }

    [Fact]
    public void Constructor_EverythingFrozen_ThrowsNamingModel()
    {
        using var model = new TinyMlp(seed: 12);

        var ex = Assert.Throws<TesseraArgumentException>(() => new Trainer(model, new TrainerOptions { FrozenPrefixes = ["fc"] }));

        Assert.Equal("model", ex.ParamName);
    }

    [Fact]
    public void Constructor_NullModel_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new Trainer(null!));
    }

    [Fact]
    public void Constructor_GroupRulesAndNoDecay_PlanGroupsByPrefix()
    {
        using var model = new TinyMlp(seed: 13);
        var options = new TrainerOptions { ParameterGroups = [new ParameterGroupRule("fc2.", 10, 0.5)], NoWeightDecayOnBiasAndNorm = true };

        var (groups, frozen) = TrainableParameters.Plan(model.named_parameters(), options, 0.01);

        Assert.Empty(frozen);
        var summary = groups.Select(g => (string.Join("+", g.Parameters.Select(p => p.Name)), g.LearningRateScale, g.WeightDecay)).ToList();
        Assert.Equal(
            [("fc1.weight", 1.0, 0.01), ("fc1.bias", 1.0, 0.0), ("fc2.weight", 10.0, 0.5), ("fc2.bias", 10.0, 0.0)],
            summary);
    }

    private sealed class SyncProgress(Action<ProgressReport> onReport) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => onReport(value);
    }
}
