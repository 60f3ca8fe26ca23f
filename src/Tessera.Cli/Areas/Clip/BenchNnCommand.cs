using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using TorchSharp;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary>
/// <c>tessera bench nn</c>: ViT forward on CPU with random weights through Tessera.Nn's <c>VisionTransformer</c> and as bare
/// TorchSharp functional calls on the same weights (median of several interleaved runs, batch 1 and 8), then
/// a leak check (live tensors and resident memory over many forwards).
/// </summary>
internal sealed class BenchNnCommand(CliConsole console) : Command<BenchNnCommand.Settings>
{
    /// <summary>Arguments of <c>bench nn</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Model timed.</summary>
        [CommandOption("--model <NAME>")]
        [Description("ViT configuration to time: b16 (ViT-B/16, 224 px) or tiny.")]
        [DefaultValue("b16")]
        public string Model { get; init; } = "b16";

        /// <summary>Batch sizes.</summary>
        [CommandOption("-b|--batch <N>")]
        [Description("Batch size to time; repeatable. Default: 1 and 8.")]
        public int[] Batches { get; init; } = [];

        /// <summary>Timed runs.</summary>
        [CommandOption("--runs <N>")]
        [Description("Timed forwards per variant and batch size (the median is reported).")]
        [DefaultValue(7)]
        public int Runs { get; init; } = 7;

        /// <summary>Warm-up runs.</summary>
        [CommandOption("--warmup <N>")]
        [Description("Untimed forwards per variant before timing.")]
        [DefaultValue(2)]
        public int Warmup { get; init; } = 2;

        /// <summary>Leak-check forwards.</summary>
        [CommandOption("--leak-forwards <N>")]
        [Description("Forwards per variant in the leak check; 0 skips it.")]
        [DefaultValue(1000)]
        public int LeakForwards { get; init; } = 1000;

        /// <summary>Leak-check model.</summary>
        [CommandOption("--leak-model <NAME>")]
        [Description("ViT configuration for the leak check: tiny (default) or b16.")]
        [DefaultValue("tiny")]
        public string LeakModel { get; init; } = "tiny";

        /// <summary>Intra-op threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("torch intra-op threads; 0 keeps libtorch's default.")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <summary>Also time the system's PyTorch.</summary>
        [CommandOption("--pytorch")]
        [Description("Also time the same ViT in the system's PyTorch (an indication only; Debian 12: apt install python3-torch).")]
        public bool PyTorch { get; init; }

        /// <summary>Interpreter for --pytorch.</summary>
        [CommandOption("--python <PATH>")]
        [Description("Python interpreter that has torch, for --pytorch.")]
        [DefaultValue("/usr/bin/python3")]
        public string Python { get; init; } = "/usr/bin/python3";

        /// <summary>Seed of the random weights and input.</summary>
        [CommandOption("--seed <N>")]
        [Description("Seed of the random weights and input.")]
        [DefaultValue(0L)]
        public long Seed { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = BenchVitConfig.Parse(settings.Model, "--model");
        var leakConfig = BenchVitConfig.Parse(settings.LeakModel, "--leak-model");
        var batches = settings.Batches.Length == 0 ? [1, 8] : settings.Batches;
        Guard.That(batches.All(b => b > 0), "--batch", "must be positive");
        Guard.That(settings.Runs > 0, "--runs", $"must be positive (got {settings.Runs})");
        Guard.That(settings.Warmup >= 0, "--warmup", $"must be non-negative (got {settings.Warmup})");
        Guard.That(settings.LeakForwards >= 0, "--leak-forwards", $"must be non-negative (got {settings.LeakForwards})");
        Guard.That(settings.Threads >= 0, "--threads", $"must be non-negative (got {settings.Threads})");

        TorchRuntime.EnsureLoaded();
        if (settings.Threads > 0)
        {
            torch.set_num_threads(settings.Threads);
        }
        var info = TorchRuntime.Describe();
        console.Info(string.Create(CultureInfo.InvariantCulture, $"bench nn: {config.Name} forward, CPU, random weights, libtorch {info.LibTorchVersion}, {torch.get_num_threads()} threads, median of {settings.Runs} runs"));

        PyTorchTiming? pytorch = null;
        if (settings.PyTorch)
        {
            var (timing, problem) = PyTorchBaseline.TryRun(settings.Python, settings.Model.ToLowerInvariant(), batches, settings.Runs, settings.Warmup,
                torch.get_num_threads(), settings.Seed, cancellationToken);
            pytorch = timing;
            if (problem is not null)
            {
                console.Warning($"PyTorch comparison unavailable: {problem}");
            }
            else
            {
                console.Info(string.Create(CultureInfo.InvariantCulture, $"PyTorch {timing!.Version} ({settings.Python}), {timing.Threads} threads"));
            }
        }

        var table = new Table().AddColumns("model", "batch", "module ms", "bare ms", "module/bare", "img/s", "max |Δ|");
        if (pytorch is not null)
        {
            table.AddColumns("PyTorch ms", "module/PyTorch");
        }
        using (var model = NnBenchmark.CreateModel(config, settings.Seed))
        {
            foreach (var batch in batches)
            {
                var t = NnBenchmark.Time(config, model, batch, settings.Warmup, settings.Runs, settings.Seed + 1, cancellationToken);
                var cells = new List<string>
                {
                    t.Model, F(t.Batch), t.ModuleMs.ToString("F1", CultureInfo.InvariantCulture), t.BareMs.ToString("F1", CultureInfo.InvariantCulture),
                    t.Ratio.ToString("F3", CultureInfo.InvariantCulture), (1000.0 * t.Batch / t.ModuleMs).ToString("F2", CultureInfo.InvariantCulture),
                    t.MaxAbsDifference.ToString("G3", CultureInfo.InvariantCulture),
                };
                if (pytorch is not null)
                {
                    var ms = pytorch.MillisecondsByBatch.TryGetValue(batch, out var v) ? v : double.NaN;
                    cells.Add(ms.ToString("F1", CultureInfo.InvariantCulture));
                    cells.Add((t.ModuleMs / ms).ToString("F3", CultureInfo.InvariantCulture));
                }
                table.AddRow(cells.ToArray());
            }
        }
        console.Out.Write(table);

        if (settings.LeakForwards == 0)
        {
            return 0;
        }
        var leaks = new Table().AddColumns("variant", "model", "forwards", "live tensors before → after", "RSS MiB before → after", "flat");
        var allFlat = true;
        using (var model = NnBenchmark.CreateModel(leakConfig, settings.Seed))
        {
            var weights = BareVit.WeightsOf(model, leakConfig.Depth);
            var variants = new (string Name, Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Forward)[]
            {
                ("module", model.forward),
                ("bare", x => BareVit.Forward(weights, leakConfig, x)),
            };
            foreach (var (name, forward) in variants)
            {
                var l = NnBenchmark.Leak(name, leakConfig, forward, settings.LeakForwards, settings.Seed + 1, cancellationToken);
                allFlat &= l.Flat;
                leaks.AddRow(l.Variant, l.Model, F(l.Forwards), $"{l.LiveTensorsBefore} → {l.LiveTensorsAfter}",
                    $"{l.RssBeforeMb:F0} → {l.RssAfterMb:F0}", l.Flat ? "[green]yes[/]" : "[red]no[/]");
            }
        }
        console.Out.Write(leaks);
        return allFlat ? 0 : 1;
    }

    private static string F(int value) => value.ToString(CultureInfo.InvariantCulture);
}
