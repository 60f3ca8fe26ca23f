using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Parity;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Schedules;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Parity;

/// <summary>
/// improved-diffusion schedules: a folder whose <c>manifest.json</c> config has <c>schedules</c>, <c>closed_forms</c> and
/// <c>respacing</c> (β schedules and every precomputed float64 term, q and posterior closed forms in float32, respaced
/// timesteps and betas, respacing specs that must be rejected). Tolerances come from the manifest.
/// </summary>
public sealed class SchedulesParityHandler : IParityHandler
{
    private static readonly string[] Terms =
    [
        "betas", "alphas_cumprod", "alphas_cumprod_prev", "alphas_cumprod_next", "sqrt_alphas_cumprod",
        "sqrt_one_minus_alphas_cumprod", "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod",
        "sqrt_recipm1_alphas_cumprod", "posterior_variance", "posterior_log_variance_clipped",
        "posterior_mean_coef1", "posterior_mean_coef2",
    ];

    /// <inheritdoc />
    public string Format => "improved-diffusion-schedules";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null || !ParityFiles.ConfigHas(doc, "schedules", "closed_forms", "respacing")) { return null; }
        var config = doc.RootElement.GetProperty("config");
        var cases = new List<ParityCase>();
        foreach (var s in config.GetProperty("schedules").EnumerateObject())
        {
            var kind = BetaSchedules.Parse(s.Value.GetProperty("schedule").GetString()!);
            var steps = s.Value.GetProperty("num_diffusion_timesteps").GetInt32();
            var name = s.Name;
            cases.Add(new ParityCase($"schedule/{name}", _ => RunSchedule(directory, name, kind, steps)));
        }
        foreach (var c in config.GetProperty("closed_forms").EnumerateArray())
        {
            var dir = c.GetProperty("dir").GetString()!;
            var kind = BetaSchedules.Parse(c.GetProperty("schedule").GetString()!);
            var steps = c.GetProperty("T").GetInt32();
            cases.Add(new ParityCase(dir, _ => RunClosedForms(directory, dir, kind, steps)));
        }
        foreach (var r in config.GetProperty("respacing").EnumerateObject())
        {
            var dir = r.Value.GetProperty("dir").GetString()!;
            var steps = r.Value.GetProperty("T").GetInt32();
            var spec = r.Value.GetProperty("section_counts").GetString()!;
            cases.Add(new ParityCase(dir, _ => RunRespacing(directory, dir, steps, spec)));
        }
        if (config.TryGetProperty("respacing_errors", out var errors))
        {
            var list = errors.EnumerateArray().Select(e => (e.GetProperty("T").GetInt32(), e.GetProperty("section_counts").GetString()!,
                e.GetProperty("message").GetString()!)).ToList();
            cases.Add(new ParityCase("respacing_errors", _ => RunErrors(list)));
        }
        return [new ParityGroup(ParityFiles.Area, ParityFiles.GroupName(doc, directory), directory, cases)];
    }

    private static (double, double) Tol(string directory, string key)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        return ParityFiles.Tolerance(doc.RootElement, key);
    }

    private static ParityOutcome RunSchedule(string directory, string name, BetaScheduleKind kind, int steps)
    {
        var tol = Tol(directory, "schedules/*");
        var s = new DiffusionSchedule(BetaSchedules.Named(kind, steps));
        var values = new Dictionary<string, double[]>
        {
            ["betas"] = s.Betas, ["alphas_cumprod"] = s.AlphasCumprod, ["alphas_cumprod_prev"] = s.AlphasCumprodPrev,
            ["alphas_cumprod_next"] = s.AlphasCumprodNext, ["sqrt_alphas_cumprod"] = s.SqrtAlphasCumprod,
            ["sqrt_one_minus_alphas_cumprod"] = s.SqrtOneMinusAlphasCumprod, ["log_one_minus_alphas_cumprod"] = s.LogOneMinusAlphasCumprod,
            ["sqrt_recip_alphas_cumprod"] = s.SqrtRecipAlphasCumprod, ["sqrt_recipm1_alphas_cumprod"] = s.SqrtRecipm1AlphasCumprod,
            ["posterior_variance"] = s.PosteriorVariance, ["posterior_log_variance_clipped"] = s.PosteriorLogVarianceClipped,
            ["posterior_mean_coef1"] = s.PosteriorMeanCoef1, ["posterior_mean_coef2"] = s.PosteriorMeanCoef2,
        };
        var checks = Terms.Select(t => ParityFiles.AllClose(t, values[t], directory, $"schedules/{name}/{t}.npy", tol)).ToList();
        return ParityFiles.Summarize(checks);
    }

    private static ParityOutcome RunClosedForms(string directory, string dir, BetaScheduleKind kind, int steps)
    {
        var tol = Tol(directory, "closed_forms/*");
        var d = new GaussianDiffusion(BetaSchedules.Named(kind, steps), ModelMeanType.Epsilon, ModelVarianceType.FixedLarge, DiffusionLossType.Mse, true);
        using var scope = NewDisposeScope();
        var x0 = ParityFiles.LoadTensor(directory, $"{dir}/x_start.npy");
        var noise = ParityFiles.LoadTensor(directory, $"{dir}/noise.npy");
        var t = ParityFiles.LoadTensor(directory, $"{dir}/t.npy");
        var xt = d.QSample(x0, t, noise);
        var q = d.QMeanVariance(x0, t);
        var post = d.QPosteriorMeanVariance(x0, xt, t);
        var outputs = new (string Name, Tensor Value)[]
        {
            ("q_sample", xt), ("q_mean", q.Mean), ("q_variance", q.Variance), ("q_log_variance", q.LogVariance),
            ("q_posterior_mean", post.Mean), ("q_posterior_variance", post.Variance),
            ("q_posterior_log_variance_clipped", post.LogVariance),
            ("predict_xstart_from_eps", d.PredictXStartFromEps(xt, t, noise)),
            ("predict_eps_from_xstart", d.PredictEpsFromXStart(xt, t, x0)),
        };
        return ParityFiles.Summarize([.. outputs.Select(o => ParityFiles.AllClose(o.Name, o.Value, directory, $"{dir}/{o.Name}.npy", tol))]);
    }

    private static ParityOutcome RunRespacing(string directory, string dir, int steps, string spec)
    {
        var tol = Tol(directory, "respacing/*/betas_*.npy, alphas_cumprod_*.npy");
        var kept = TimestepSpacing.Parse(steps, spec);
        var checks = new List<ParityOutcome>
        {
            ParityFiles.Exact("timesteps", NdArray.FromArray<long>(kept.Select(k => (long)k).ToArray(), kept.Length), ParityFiles.Load(directory, $"{dir}/timesteps.npy")),
        };
        foreach (var kind in new[] { BetaScheduleKind.Linear, BetaScheduleKind.Cosine })
        {
            var name = kind == BetaScheduleKind.Linear ? "linear" : "cosine";
            var spaced = new DiffusionSchedule(BetaSchedules.Named(kind, steps)).Respace(kept);
            checks.Add(ParityFiles.AllClose($"betas_{name}", spaced.Betas, directory, $"{dir}/betas_{name}.npy", tol));
            checks.Add(ParityFiles.AllClose($"alphas_cumprod_{name}", spaced.AlphasCumprod, directory, $"{dir}/alphas_cumprod_{name}.npy", tol));
        }
        return ParityFiles.Summarize(checks);
    }

    private static ParityOutcome RunErrors(List<(int Steps, string Spec, string Message)> cases)
    {
        var checks = new List<ParityOutcome>();
        foreach (var (steps, spec, message) in cases)
        {
            string? got = null;
            try
            {
                TimestepSpacing.Parse(steps, spec);
            }
            catch (TesseraArgumentException e)
            {
                got = e.Rule;
            }
            checks.Add(ParityOutcome.Exact($"rejects '{spec}' (T={steps})", got == message ? 0 : 1, got is null ? "accepted" : $"message '{got}'"));
        }
        return ParityFiles.Summarize(checks);
    }
}
