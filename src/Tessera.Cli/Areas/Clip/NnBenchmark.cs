using System.Diagnostics;
using Tessera.Nn.Models.Vit;
using TorchSharp;
using static TorchSharp.torch;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary>Median forward times of Tessera.Nn's ViT and its bare-TorchSharp twin at one batch size.</summary>
/// <param name="Model">Configuration name.</param>
/// <param name="Batch">Batch size.</param>
/// <param name="Runs">Timed runs per variant (after warm-up).</param>
/// <param name="ModuleMs">Median milliseconds per forward through the module layer.</param>
/// <param name="BareMs">Median milliseconds per forward of the bare functional version.</param>
/// <param name="MaxAbsDifference">Largest |module − bare| over the logits (same weights, same input).</param>
internal sealed record ForwardTiming(string Model, int Batch, int Runs, double ModuleMs, double BareMs, double MaxAbsDifference)
{
    /// <summary>Module time ÷ bare time (the module layer's overhead; 1.0 = none).</summary>
    public double Ratio => ModuleMs / BareMs;
}

/// <summary>Whether memory stays flat over many forwards.</summary>
/// <param name="Variant">"module" or "bare".</param>
/// <param name="Model">Configuration name.</param>
/// <param name="Forwards">Forwards run after warm-up.</param>
/// <param name="LiveTensorsBefore">TorchSharp's live-tensor count on this thread after warm-up.</param>
/// <param name="LiveTensorsAfter">The same count after the forwards.</param>
/// <param name="RssBeforeMb">Process resident set after warm-up, MiB.</param>
/// <param name="RssAfterMb">Process resident set after the forwards, MiB.</param>
internal sealed record LeakCheck(string Variant, string Model, int Forwards, long LiveTensorsBefore, long LiveTensorsAfter, double RssBeforeMb, double RssAfterMb)
{
    /// <summary>No tensor outlived its step and the resident set grew by at most max(16 MiB, 5 %) (allocator noise).</summary>
    public bool Flat => LiveTensorsAfter == LiveTensorsBefore && RssAfterMb - RssBeforeMb <= Math.Max(16, 0.05 * RssBeforeMb);
}

/// <summary>The measurements behind <c>tessera bench nn</c>. Every forward runs under <c>no_grad</c> in its own dispose scope.</summary>
internal static class NnBenchmark
{
    /// <summary>Creates Tessera.Nn's ViT for <paramref name="config"/> with random weights from <c>torch.manual_seed(seed)</c>, in eval mode without gradients.</summary>
    public static VisionTransformer CreateModel(BenchVitConfig config, long seed)
    {
        Tessera.Nn.Runtime.TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        var model = new VisionTransformer(config.ToVitConfig());
        foreach (var p in model.parameters())
        {
            p.requires_grad = false;
        }
        model.eval();
        return model;
    }

    /// <summary>Times both variants, interleaved run by run so machine noise hits both alike, and reports medians.</summary>
    public static ForwardTiming Time(BenchVitConfig config, VisionTransformer model, int batch, int warmup, int runs, long seed, CancellationToken cancellationToken)
    {
        var weights = BareVit.WeightsOf(model, config.Depth);
        model.eval();
        using var noGrad = torch.no_grad();
        using var input = Input(config, batch, seed);
        Func<Tensor, Tensor> moduleForward = model.forward;
        Func<Tensor, Tensor> bareForward = x => BareVit.Forward(weights, config, x);

        double difference;
        using (torch.NewDisposeScope())
        {
            difference = (moduleForward(input) - bareForward(input)).abs().max().item<float>();
        }
        for (var i = 0; i < warmup; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeOnce(moduleForward, input);
            TimeOnce(bareForward, input);
        }
        var moduleTimes = new List<double>(runs);
        var bareTimes = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Alternate which variant goes first so neither always runs on a warmer cache.
            if (i % 2 == 0)
            {
                moduleTimes.Add(TimeOnce(moduleForward, input));
                bareTimes.Add(TimeOnce(bareForward, input));
            }
            else
            {
                bareTimes.Add(TimeOnce(bareForward, input));
                moduleTimes.Add(TimeOnce(moduleForward, input));
            }
        }
        return new ForwardTiming(config.Name, batch, runs, Median(moduleTimes), Median(bareTimes), difference);
    }

    /// <summary>Runs <paramref name="forwards"/> forwards (each in its own dispose scope) and compares live tensors and RSS before and after.</summary>
    public static LeakCheck Leak(string variant, BenchVitConfig config, Func<Tensor, Tensor> forward, int forwards, long seed, CancellationToken cancellationToken)
    {
        using var noGrad = torch.no_grad();
        using var input = Input(config, 1, seed);
        var warmup = Math.Max(1, Math.Min(50, forwards / 10));
        for (var i = 0; i < warmup; i++)
        {
            TimeOnce(forward, input);
        }
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var rssBefore = ResidentMb();
        for (var i = 0; i < forwards; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeOnce(forward, input);
        }
        var liveAfter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        return new LeakCheck(variant, config.Name, forwards, liveBefore, liveAfter, rssBefore, ResidentMb());
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    private static Tensor Input(BenchVitConfig config, int batch, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randn([batch, 3, config.ImageSize, config.ImageSize], generator: generator);
    }

    private static double TimeOnce(Func<Tensor, Tensor> forward, Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var clock = Stopwatch.StartNew();
        _ = forward(input);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double ResidentMb()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }
}
