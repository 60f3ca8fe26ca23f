using System.ComponentModel;
using System.Globalization;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Sampling;
using Tessera.Nn.Runtime;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary><c>tessera diffusion bpd --model DIR --images DIR</c>: the full variational bound in bits/dim, as JSON on stdout.</summary>
internal sealed class DiffusionBpdCommand(CliConsole console) : Command<DiffusionBpdCommand.Settings>
{
    /// <summary>Arguments of <c>diffusion bpd</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Model folder.</summary>
        [CommandOption("--weights <DIR>", isRequired: true)]
        [Description("Folder written by diffusion train.")]
        public string Model { get; init; } = "";

        /// <summary>Images.</summary>
        [CommandOption("--images <DIR>")]
        [Description("Folder of evaluation images (8-bit; the bound is on the uint8 grid). Give this or --digits.")]
        public string? Images { get; init; }

        /// <summary>MNIST split.</summary>
        [CommandOption("--digits <SPLIT>")]
        [Description("Evaluate MNIST digits of this split (train, test or all), --count of them evenly spaced through the split. Give this or --images.")]
        public string? Digits { get; init; }

        /// <summary>Count.</summary>
        [CommandOption("--count <N>")]
        [Description("Evaluate the first N images (0: all).")]
        [DefaultValue(16)]
        public int Count { get; init; } = 16;

        /// <summary>Batch.</summary>
        [CommandOption("--batch <B>")]
        [Description("Images per network call.")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        /// <summary>Raw weights.</summary>
        [CommandOption("--raw-weights")]
        [Description("Use model.safetensors instead of the EMA weights.")]
        public bool RawWeights { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Count >= 0, "--count", "must be ≥ 0");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That((settings.Images is null) != (settings.Digits is null), "--images", "give exactly one of --images DIR and --digits SPLIT");
        var digits = settings.Digits is null ? null : DiffusionTrainingData.LoadDigits(settings.Digits, "--digits");
        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(Math.Max(1, settings.Workers));
        var (spec, model) = DiffusionModelFiles.Load(settings.Model, !settings.RawWeights);
        var source = BpdImages(settings, digits, spec.UNet.InChannels, spec.ImageSize);
        var diffusion = GaussianDiffusion.Create(spec.Process);
        var totals = new List<double>();
        var priors = new List<double>();
        using (model)
        {
            for (var first = 0; first < source.Count; first += settings.Batch)
            {
                using var scope = NewDisposeScope();
                var batch = source.Load(first, Math.Min(settings.Batch, source.Count - first));
                using var noise = new PerSampleNoise((long)settings.Seed, first, (int)batch.shape[0]);
                var r = diffusion.CalcBpdLoop((x, t) => model.Forward(x, t), batch, noise, clipDenoised: true, cancellationToken: cancellationToken);
                totals.AddRange(r.TotalBpd.data<float>().ToArray().Select(v => (double)v));
                priors.AddRange(r.PriorBpd.data<float>().ToArray().Select(v => (double)v));
                console.Info($"bpd: {totals.Count}/{source.Count} images");
            }
        }
        var inv = CultureInfo.InvariantCulture;
        var mean = totals.Average();
        var sem = totals.Count > 1 ? Math.Sqrt(totals.Select(v => (v - mean) * (v - mean)).Sum() / (totals.Count - 1) / totals.Count) : 0;
        console.Data(string.Format(inv, "{{\"images\": {0}, \"steps\": {1}, \"schedule\": \"{2}\", \"bpd\": {3:R}, \"bpd_sem\": {4:R}, \"prior_bpd\": {5:R}}}",
            totals.Count, diffusion.NumTimesteps, spec.Process.Schedule.ToString().ToLowerInvariant(), mean, sem, priors.Average()));
        return ExitCodes.Ok;
    }

    /// <summary>The evaluation images: a folder's first N files or N digits evenly spaced through an MNIST split (which is
    /// ordered by class), loaded batch by batch.</summary>
    private static (int Count, Func<int, int, Tensor> Load) BpdImages(Settings settings, Tessera.Data.Digits.DigitSet? set, int channels, int size)
    {
        if (set is not null)
        {
            var n = settings.Count > 0 ? Math.Min(settings.Count, set.Count) : set.Count;
            var picked = set.Select([.. Enumerable.Range(0, n).Select(i => (int)((long)i * set.Count / n))]);
            return (n, (first, count) => DiffusionTrainingData.DigitTensors(picked.Select([.. Enumerable.Range(first, count)]), count, channels, size));
        }
        var files = DiffusionImages.List(settings.Images!, "--images");
        if (settings.Count > 0) { files = [.. files.Take(settings.Count)]; }
        return (files.Count, (first, count) => stack(files.Skip(first).Take(count).Select(f => DiffusionImages.Load(f, channels, size)).ToList()));
    }
}
