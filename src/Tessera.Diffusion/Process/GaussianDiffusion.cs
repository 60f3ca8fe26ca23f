using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Diffusion.Losses;
using Tessera.Diffusion.Sampling;
using Tessera.Diffusion.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Process;

/// <summary>
/// A Gaussian diffusion process (improved-diffusion's <c>GaussianDiffusion</c> and, when respaced,
/// <c>SpacedDiffusion</c>): forward noising, the posterior, the model's reverse step, training losses, the
/// variational bound and the ancestral and DDIM samplers.
/// </summary>
/// <remarks>
/// Coefficients live in float64 (<see cref="Schedule"/>) and are cast to float32 per timestep before they
/// multiply float32 tensors, as the reference's <c>_extract_into_tensor(...).float()</c> does. Timestep index t is
/// 0-based and indexes this (possibly respaced) process; the network receives <see cref="ModelTimesteps"/>.
/// Methods return new tensors and never dispose their inputs.
/// </remarks>
public sealed class GaussianDiffusion
{
    private readonly int[] _timestepMap;

    /// <summary>Creates a process from explicit betas.</summary>
    /// <param name="betas">β per step of the base process.</param>
    /// <param name="meanType">What the model predicts.</param>
    /// <param name="varianceType">How the variance is chosen.</param>
    /// <param name="lossType">Training objective.</param>
    /// <param name="rescaleTimesteps">Scale model timesteps to [0, 1000).</param>
    /// <param name="keptSteps">Steps of the base process to keep (respacing); null keeps all.</param>
    /// <exception cref="TesseraArgumentException">The betas or kept steps are invalid.</exception>
    public GaussianDiffusion(IReadOnlyList<double> betas, ModelMeanType meanType, ModelVarianceType varianceType,
        DiffusionLossType lossType, bool rescaleTimesteps, IReadOnlyList<int>? keptSteps = null)
    {
        ArgumentNullException.ThrowIfNull(betas);
        var baseSchedule = new DiffusionSchedule(betas);
        OriginalSteps = baseSchedule.Steps;
        if (keptSteps is null)
        {
            Schedule = baseSchedule;
            _timestepMap = [.. Enumerable.Range(0, baseSchedule.Steps)];
        }
        else
        {
            Schedule = baseSchedule.Respace(keptSteps);
            _timestepMap = [.. keptSteps];
        }
        MeanType = meanType;
        VarianceType = varianceType;
        LossType = lossType;
        RescaleTimesteps = rescaleTimesteps;
    }

    /// <summary>Builds the process <c>create_gaussian_diffusion</c> builds from these options.</summary>
    /// <param name="options">Steps, schedule, flags and respacing.</param>
    /// <returns>The process.</returns>
    /// <exception cref="TesseraArgumentException">The options are invalid (e.g. a bad respacing spec).</exception>
    public static GaussianDiffusion Create(DiffusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var betas = BetaSchedules.Named(options.Schedule, options.Steps);
        var kept = TimestepSpacing.Parse(options.Steps, options.TimestepRespacing);
        return new GaussianDiffusion(betas, options.MeanType, options.VarianceType, options.LossType, options.RescaleTimesteps, kept);
    }

    /// <summary>Returns this process respaced to <paramref name="spec"/> (same flags, same base betas).</summary>
    /// <param name="baseBetas">The base process's betas.</param>
    /// <param name="spec">Respacing spec (section counts or ddimN).</param>
    /// <returns>A new process.</returns>
    public GaussianDiffusion Respaced(IReadOnlyList<double> baseBetas, string spec)
    {
        ArgumentNullException.ThrowIfNull(baseBetas);
        var kept = TimestepSpacing.Parse(baseBetas.Count, spec);
        return new GaussianDiffusion(baseBetas, MeanType, VarianceType, LossType, RescaleTimesteps, kept);
    }

    /// <summary>The (respaced) schedule's float64 terms.</summary>
    public DiffusionSchedule Schedule { get; }

    /// <summary>Number of steps of this process.</summary>
    public int NumTimesteps => Schedule.Steps;

    /// <summary>Number of steps of the base process (before respacing).</summary>
    public int OriginalSteps { get; }

    /// <summary>For each step of this process, the base-process step it stands for.</summary>
    public IReadOnlyList<int> TimestepMap => _timestepMap;

    /// <summary>Mean parameterisation.</summary>
    public ModelMeanType MeanType { get; }

    /// <summary>Variance type.</summary>
    public ModelVarianceType VarianceType { get; }

    /// <summary>Loss type.</summary>
    public DiffusionLossType LossType { get; }

    /// <summary>Whether model timesteps are scaled to [0, 1000).</summary>
    public bool RescaleTimesteps { get; }

    /// <summary>Whether the model outputs 2C channels (mean and variance values).</summary>
    public bool LearnsVariance => VarianceType is ModelVarianceType.Learned or ModelVarianceType.LearnedRange;

    /// <summary>The timesteps the network sees for process steps <paramref name="t"/>: the base step
    /// (<see cref="TimestepMap"/>), times 1000/T_base when rescaling.</summary>
    /// <param name="t">int64 [N].</param>
    /// <returns>A new float32 [N] tensor.</returns>
    public Tensor ModelTimesteps(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        using var map = tensor(_timestepMap.Select(v => (long)v).ToArray(), device: t.device);
        var mapped = map.index_select(0, t.to_type(ScalarType.Int64)).to_type(ScalarType.Float32);
        var result = RescaleTimesteps ? mapped * (1000.0 / OriginalSteps) : mapped;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The float64 coefficients at <paramref name="t"/>, cast to float32 and shaped [N, 1, …] to broadcast over <paramref name="like"/>.</summary>
    /// <param name="coefficients">One value per step.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="like">Tensor whose rank and device to match.</param>
    /// <returns>A new float32 tensor (float64 when <paramref name="like"/> is float64).</returns>
    public static Tensor Extract(double[] coefficients, Tensor t, Tensor like)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(like);
        var steps = t.to_type(ScalarType.Int64).cpu();
        var n = steps.shape[0];
        var idx = steps.data<long>().ToArray();
        steps.Dispose();
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = n;
        if (like.dtype == ScalarType.Float64)
        {
            return tensor(idx.Select(i => coefficients[i]).ToArray(), device: like.device).reshape(shape);
        }
        return tensor(idx.Select(i => (float)coefficients[i]).ToArray(), device: like.device).reshape(shape);
    }

    /// <summary>q(x_t | x₀): mean √ᾱ_t x₀, variance 1 − ᾱ_t and its log, each broadcast to x₀'s shape.</summary>
    /// <param name="xStart">x₀ [N, …].</param>
    /// <param name="t">int64 [N].</param>
    /// <returns>New tensors.</returns>
    public MeanVariance QMeanVariance(Tensor xStart, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(xStart);
        using var scope = NewDisposeScope();
        var oneMinus = Schedule.AlphasCumprod.Select(a => 1.0 - a).ToArray();
        var mean = Extract(Schedule.SqrtAlphasCumprod, t, xStart) * xStart;
        var variance = Extract(oneMinus, t, xStart).expand(xStart.shape).contiguous();
        var logVariance = Extract(Schedule.LogOneMinusAlphasCumprod, t, xStart).expand(xStart.shape).contiguous();
        return new MeanVariance(mean.MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope(), logVariance.MoveToOuterDisposeScope());
    }

    /// <summary>Samples x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε with the given noise.</summary>
    /// <param name="xStart">x₀.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="noise">ε, x₀'s shape.</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TesseraArgumentException">The noise has another shape.</exception>
    public Tensor QSample(Tensor xStart, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(xStart);
        ArgumentNullException.ThrowIfNull(noise);
        Guard.That(noise.shape.SequenceEqual(xStart.shape), nameof(noise), "must have x_start's shape");
        using var scope = NewDisposeScope();
        var a = Extract(Schedule.SqrtAlphasCumprod, t, xStart) * xStart;
        var b = Extract(Schedule.SqrtOneMinusAlphasCumprod, t, xStart) * noise;
        return (a + b).MoveToOuterDisposeScope();
    }

    /// <summary>The posterior q(x_{t−1} | x_t, x₀): mean, variance β̃_t, clipped log-variance.</summary>
    /// <param name="xStart">x₀.</param>
    /// <param name="xT">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <returns>New tensors (variances broadcast to the full shape).</returns>
    public MeanVariance QPosteriorMeanVariance(Tensor xStart, Tensor xT, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(xStart);
        ArgumentNullException.ThrowIfNull(xT);
        Guard.That(xStart.shape.SequenceEqual(xT.shape), nameof(xT), "must have x_start's shape");
        using var scope = NewDisposeScope();
        var mean = (Extract(Schedule.PosteriorMeanCoef1, t, xT) * xStart) + (Extract(Schedule.PosteriorMeanCoef2, t, xT) * xT);
        var variance = Extract(Schedule.PosteriorVariance, t, xT).expand(xT.shape).contiguous();
        var logVariance = Extract(Schedule.PosteriorLogVarianceClipped, t, xT).expand(xT.shape).contiguous();
        return new MeanVariance(mean.MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope(), logVariance.MoveToOuterDisposeScope());
    }

    /// <summary>x₀ = √(1/ᾱ_t) x_t − √(1/ᾱ_t − 1) ε.</summary>
    /// <param name="xT">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="eps">ε.</param>
    /// <returns>A new tensor.</returns>
    public Tensor PredictXStartFromEps(Tensor xT, Tensor t, Tensor eps)
    {
        ArgumentNullException.ThrowIfNull(xT);
        ArgumentNullException.ThrowIfNull(eps);
        using var scope = NewDisposeScope();
        var r = (Extract(Schedule.SqrtRecipAlphasCumprod, t, xT) * xT) - (Extract(Schedule.SqrtRecipm1AlphasCumprod, t, xT) * eps);
        return r.MoveToOuterDisposeScope();
    }

    /// <summary>ε = (√(1/ᾱ_t) x_t − x₀) / √(1/ᾱ_t − 1).</summary>
    /// <param name="xT">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="predXStart">x₀.</param>
    /// <returns>A new tensor.</returns>
    public Tensor PredictEpsFromXStart(Tensor xT, Tensor t, Tensor predXStart)
    {
        ArgumentNullException.ThrowIfNull(xT);
        ArgumentNullException.ThrowIfNull(predXStart);
        using var scope = NewDisposeScope();
        var r = ((Extract(Schedule.SqrtRecipAlphasCumprod, t, xT) * xT) - predXStart) / Extract(Schedule.SqrtRecipm1AlphasCumprod, t, xT);
        return r.MoveToOuterDisposeScope();
    }

    /// <summary>x₀ from a predicted x_{t−1} mean: (x_{t−1} − coef2 x_t) / coef1.</summary>
    /// <param name="xT">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="xPrev">Predicted mean of x_{t−1}.</param>
    /// <returns>A new tensor.</returns>
    public Tensor PredictXStartFromXPrev(Tensor xT, Tensor t, Tensor xPrev)
    {
        ArgumentNullException.ThrowIfNull(xT);
        ArgumentNullException.ThrowIfNull(xPrev);
        using var scope = NewDisposeScope();
        var recip = Schedule.PosteriorMeanCoef1.Select(c => 1.0 / c).ToArray();
        var ratio = Schedule.PosteriorMeanCoef2.Zip(Schedule.PosteriorMeanCoef1, (c2, c1) => c2 / c1).ToArray();
        var r = (Extract(recip, t, xT) * xPrev) - (Extract(ratio, t, xT) * xT);
        return r.MoveToOuterDisposeScope();
    }

    /// <summary>Runs the model on x_t and returns p(x_{t−1} | x_t) (<c>p_mean_variance</c>).</summary>
    /// <param name="model">The network.</param>
    /// <param name="x">x_t [N, C, …].</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="clipDenoised">Clip the x₀ prediction to [−1, 1].</param>
    /// <returns>New tensors.</returns>
    public ReverseStep PMeanVariance(Denoiser model, Tensor x, Tensor t, bool clipDenoised = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var output = model(x, ModelTimesteps(t));
        var r = PMeanVarianceFromOutput(output, x, t, clipDenoised);
        return Detach(r);
    }

    /// <summary><see cref="PMeanVariance"/> from an output the caller already computed.</summary>
    /// <param name="modelOutput">[N, C or 2C, …].</param>
    /// <param name="x">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="clipDenoised">Clip the x₀ prediction to [−1, 1].</param>
    /// <returns>New tensors.</returns>
    /// <exception cref="TesseraArgumentException">The output has the wrong number of channels.</exception>
    public ReverseStep PMeanVarianceFromOutput(Tensor modelOutput, Tensor x, Tensor t, bool clipDenoised = true)
    {
        ArgumentNullException.ThrowIfNull(modelOutput);
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var c = x.shape[1];
        Tensor meanOut;
        Tensor variance;
        Tensor logVariance;
        if (LearnsVariance)
        {
            Guard.That(modelOutput.shape[1] == 2 * c, nameof(modelOutput), $"must have {2 * c} channels (mean and variance values), has {modelOutput.shape[1]}");
            var parts = modelOutput.split(c, 1);
            meanOut = parts[0];
            if (VarianceType == ModelVarianceType.Learned)
            {
                logVariance = parts[1];
            }
            else
            {
                var minLog = Extract(Schedule.PosteriorLogVarianceClipped, t, x);
                var maxLog = Extract(Schedule.LogBetas, t, x);
                var frac = (parts[1] + 1) / 2;
                logVariance = (frac * maxLog) + ((1 - frac) * minLog);
            }
            variance = exp(logVariance);
        }
        else
        {
            Guard.That(modelOutput.shape[1] == c, nameof(modelOutput), $"must have {c} channels, has {modelOutput.shape[1]}");
            meanOut = modelOutput;
            var (v, lv) = VarianceType == ModelVarianceType.FixedLarge
                ? (Schedule.FixedLargeVariance, Schedule.FixedLargeLogVariance)
                : (Schedule.PosteriorVariance, Schedule.PosteriorLogVarianceClipped);
            variance = Extract(v, t, x).expand(x.shape).contiguous();
            logVariance = Extract(lv, t, x).expand(x.shape).contiguous();
        }
        Tensor predXStart;
        Tensor mean;
        switch (MeanType)
        {
            case ModelMeanType.PreviousX:
                predXStart = Clip(PredictXStartFromXPrev(x, t, meanOut), clipDenoised);
                mean = meanOut;
                break;
            case ModelMeanType.StartX:
                predXStart = Clip(meanOut, clipDenoised);
                mean = QPosteriorMeanVariance(predXStart, x, t).Mean;
                break;
            default:
                predXStart = Clip(PredictXStartFromEps(x, t, meanOut), clipDenoised);
                mean = QPosteriorMeanVariance(predXStart, x, t).Mean;
                break;
        }
        return new ReverseStep(mean.MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope(),
            logVariance.MoveToOuterDisposeScope(), predXStart.MoveToOuterDisposeScope());
    }

    /// <summary>One ancestral step: x_{t−1} = mean + [t ≠ 0]·exp(½ log σ²)·noise (<c>p_sample</c>).</summary>
    /// <param name="model">The network.</param>
    /// <param name="x">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="noise">Standard normal noise of x's shape (unused where t = 0).</param>
    /// <param name="clipDenoised">Clip the x₀ prediction.</param>
    /// <returns>New tensors.</returns>
    public SampleStep PSample(Denoiser model, Tensor x, Tensor t, Tensor noise, bool clipDenoised = true)
    {
        ArgumentNullException.ThrowIfNull(noise);
        using var scope = NewDisposeScope();
        var r = PMeanVariance(model, x, t, clipDenoised);
        var mask = NonZeroMask(t, x);
        var sample = r.Mean + (mask * exp(r.LogVariance * 0.5) * noise);
        return new SampleStep(sample.MoveToOuterDisposeScope(), r.PredXStart.MoveToOuterDisposeScope());
    }

    /// <summary>One DDIM step (eq. 12 of Song et al.) with stochasticity η (<c>ddim_sample</c>).</summary>
    /// <param name="model">The network.</param>
    /// <param name="x">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="noise">Standard normal noise (multiplied by σ, which is 0 for η = 0).</param>
    /// <param name="eta">η ≥ 0; 0 is deterministic, 1 matches the ancestral variance.</param>
    /// <param name="clipDenoised">Clip the x₀ prediction.</param>
    /// <returns>New tensors.</returns>
    public SampleStep DdimSample(Denoiser model, Tensor x, Tensor t, Tensor noise, double eta = 0.0, bool clipDenoised = true)
    {
        ArgumentNullException.ThrowIfNull(noise);
        Guard.That(eta >= 0 && double.IsFinite(eta), nameof(eta), "must be finite and ≥ 0");
        using var scope = NewDisposeScope();
        var r = PMeanVariance(model, x, t, clipDenoised);
        var eps = PredictEpsFromXStart(x, t, r.PredXStart);
        var alphaBar = Extract(Schedule.AlphasCumprod, t, x);
        var alphaBarPrev = Extract(Schedule.AlphasCumprodPrev, t, x);
        var sigma = sqrt((1 - alphaBarPrev) / (1 - alphaBar)) * eta * sqrt(1 - (alphaBar / alphaBarPrev));
        var meanPred = (r.PredXStart * sqrt(alphaBarPrev)) + (sqrt(1 - alphaBarPrev - sigma.pow(2)) * eps);
        var sample = meanPred + (NonZeroMask(t, x) * sigma * noise);
        return new SampleStep(sample.MoveToOuterDisposeScope(), r.PredXStart.MoveToOuterDisposeScope());
    }

    /// <summary>Ancestral sampling from x_T ~ N(0, I) down to x₀ (<c>p_sample_loop</c>).</summary>
    /// <param name="model">The network (called under no_grad).</param>
    /// <param name="shape">[N, C, H, W].</param>
    /// <param name="noise">Source of x_T and of each step's noise.</param>
    /// <param name="clipDenoised">Clip x₀ predictions.</param>
    /// <param name="onStep">Called after each step with t and the step's result; the tensors are valid during the call only
    /// (keep a copy with <c>clone().MoveToOuterDisposeScope()</c>).</param>
    /// <param name="progress">One report per step.</param>
    /// <param name="cancellationToken">Checked before each step.</param>
    /// <returns>The final sample (a new tensor).</returns>
    public Tensor PSampleLoop(Denoiser model, long[] shape, ISamplingNoise noise, bool clipDenoised = true,
        Action<int, SampleStep>? onStep = null, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        => Loop(shape, noise, (x, t, n) => PSample(model, x, t, n, clipDenoised), "sample", onStep, progress, cancellationToken);

    /// <summary>DDIM sampling from x_T down to x₀ (<c>ddim_sample_loop</c>); usually on a respaced process.</summary>
    /// <param name="model">The network.</param>
    /// <param name="shape">[N, C, H, W].</param>
    /// <param name="noise">Source of x_T and of each step's noise (drawn even when η = 0, as the reference does).</param>
    /// <param name="eta">η.</param>
    /// <param name="clipDenoised">Clip x₀ predictions.</param>
    /// <param name="onStep">Called after each step.</param>
    /// <param name="progress">One report per step.</param>
    /// <param name="cancellationToken">Checked before each step.</param>
    /// <returns>The final sample.</returns>
    public Tensor DdimSampleLoop(Denoiser model, long[] shape, ISamplingNoise noise, double eta = 0.0, bool clipDenoised = true,
        Action<int, SampleStep>? onStep = null, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        => Loop(shape, noise, (x, t, n) => DdimSample(model, x, t, n, eta, clipDenoised), "ddim", onStep, progress, cancellationToken);

    private Tensor Loop(long[] shape, ISamplingNoise noise, Func<Tensor, Tensor, Tensor, SampleStep> step, string stage,
        Action<int, SampleStep>? onStep, IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(noise);
        using var noGrad = no_grad();
        var img = noise.Draw(shape);
        var done = 0;
        for (var i = NumTimesteps - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var scope = NewDisposeScope())
            {
                var t = full([shape[0]], i, ScalarType.Int64);
                var n = noise.Draw(shape);
                var r = step(img, t, n);
                onStep?.Invoke(i, r);
                var next = r.Sample.MoveToOuterDisposeScope();
                img.Dispose();
                img = next;
            }
            progress?.Report(new ProgressReport(stage, ++done, NumTimesteps));
        }
        return img;
    }

    /// <summary>One term of the variational bound in bits (<c>_vb_terms_bpd</c>).</summary>
    /// <param name="model">The network.</param>
    /// <param name="xStart">x₀.</param>
    /// <param name="xT">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="clipDenoised">Clip the x₀ prediction.</param>
    /// <returns>New tensors.</returns>
    public VbTerm VbTermsBpd(Denoiser model, Tensor xStart, Tensor xT, Tensor t, bool clipDenoised = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var output = model(xT, ModelTimesteps(t));
        var r = VbTermsBpdFromOutput(output, xStart, xT, t, clipDenoised);
        return new VbTerm(r.Output.MoveToOuterDisposeScope(), r.PredXStart.MoveToOuterDisposeScope());
    }

    /// <summary><see cref="VbTermsBpd"/> from an output already computed (gradients flow through it).</summary>
    /// <param name="modelOutput">The network's output on x_t.</param>
    /// <param name="xStart">x₀.</param>
    /// <param name="xT">x_t.</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="clipDenoised">Clip the x₀ prediction.</param>
    /// <returns>New tensors.</returns>
    public VbTerm VbTermsBpdFromOutput(Tensor modelOutput, Tensor xStart, Tensor xT, Tensor t, bool clipDenoised = true)
    {
        using var scope = NewDisposeScope();
        var truth = QPosteriorMeanVariance(xStart, xT, t);
        var p = PMeanVarianceFromOutput(modelOutput, xT, t, clipDenoised);
        var kl = GaussianLosses.MeanFlat(GaussianLosses.NormalKl(truth.Mean, truth.LogVariance, p.Mean, p.LogVariance)) / Math.Log(2.0);
        var nll = -GaussianLosses.DiscretizedGaussianLogLikelihood(xStart, p.Mean, p.LogVariance * 0.5);
        var decoderNll = GaussianLosses.MeanFlat(nll) / Math.Log(2.0);
        var output = where(t.eq(0), decoderNll, kl);
        return new VbTerm(output.MoveToOuterDisposeScope(), p.PredXStart.MoveToOuterDisposeScope());
    }

    /// <summary>Training losses at timesteps t with the given noise (<c>training_losses</c>).</summary>
    /// <param name="model">The network (gradients flow unless the caller disables them).</param>
    /// <param name="xStart">x₀ [N, C, …].</param>
    /// <param name="t">int64 [N].</param>
    /// <param name="noise">ε, x₀'s shape.</param>
    /// <returns>New [N] tensors.</returns>
    public TrainingLossTerms TrainingLosses(Denoiser model, Tensor xStart, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(xStart);
        using var scope = NewDisposeScope();
        var xT = QSample(xStart, t, noise);
        if (LossType is DiffusionLossType.Kl or DiffusionLossType.RescaledKl)
        {
            var vb = VbTermsBpd(model, xStart, xT, t, clipDenoised: false).Output;
            var loss = LossType == DiffusionLossType.RescaledKl ? vb * (double)NumTimesteps : vb;
            return new TrainingLossTerms(loss.MoveToOuterDisposeScope(), null, null);
        }
        var output = model(xT, ModelTimesteps(t));
        Tensor meanOut = output;
        Tensor? vbTerm = null;
        if (LearnsVariance)
        {
            var c = xT.shape[1];
            var parts = output.split(c, 1);
            meanOut = parts[0];
            // the VLB term trains the variance only: the mean enters it detached (stop-gradient)
            var frozen = cat([parts[0].detach(), parts[1]], 1);
            vbTerm = VbTermsBpdFromOutput(frozen, xStart, xT, t, clipDenoised: false).Output;
            if (LossType == DiffusionLossType.RescaledMse) { vbTerm = vbTerm * (NumTimesteps / 1000.0); }
        }
        var target = MeanType switch
        {
            ModelMeanType.PreviousX => QPosteriorMeanVariance(xStart, xT, t).Mean,
            ModelMeanType.StartX => xStart,
            _ => noise,
        };
        var mse = GaussianLosses.MeanFlat((target - meanOut).pow(2));
        var total = vbTerm is null ? mse.alias() : mse + vbTerm;
        return new TrainingLossTerms(total.MoveToOuterDisposeScope(), mse.MoveToOuterDisposeScope(), vbTerm?.MoveToOuterDisposeScope());
    }

    /// <summary>The prior term KL(q(x_T | x₀) ‖ N(0, I)) in bits per dimension (<c>_prior_bpd</c>).</summary>
    /// <param name="xStart">x₀.</param>
    /// <returns>A new [N] tensor.</returns>
    public Tensor PriorBpd(Tensor xStart)
    {
        ArgumentNullException.ThrowIfNull(xStart);
        using var scope = NewDisposeScope();
        var t = full([xStart.shape[0]], NumTimesteps - 1, ScalarType.Int64);
        var q = QMeanVariance(xStart, t);
        var kl = GaussianLosses.NormalKlToStandard(q.Mean, q.LogVariance);
        return (GaussianLosses.MeanFlat(kl) / Math.Log(2.0)).MoveToOuterDisposeScope();
    }

    /// <summary>The whole variational bound in bits per dimension (<c>calc_bpd_loop</c>): one term per step from
    /// t = T−1 down to 0, each with fresh noise, plus the prior.</summary>
    /// <param name="model">The network (called under no_grad).</param>
    /// <param name="xStart">x₀ on the uint8 grid in [−1, 1].</param>
    /// <param name="noise">One draw per step, t = T−1 first.</param>
    /// <param name="clipDenoised">Clip x₀ predictions.</param>
    /// <param name="progress">One report per step.</param>
    /// <param name="cancellationToken">Checked before each step.</param>
    /// <returns>New tensors.</returns>
    public BitsPerDim CalcBpdLoop(Denoiser model, Tensor xStart, ISamplingNoise noise, bool clipDenoised = true,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(xStart);
        ArgumentNullException.ThrowIfNull(noise);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var n = xStart.shape[0];
        var vb = new Tensor[NumTimesteps];
        var xsMse = new Tensor[NumTimesteps];
        var mse = new Tensor[NumTimesteps];
        var done = 0;
        for (var i = NumTimesteps - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var step = NewDisposeScope())
            {
                var t = full([n], i, ScalarType.Int64);
                var eps = noise.Draw(xStart.shape);
                var xT = QSample(xStart, t, eps);
                var r = VbTermsBpd(model, xStart, xT, t, clipDenoised);
                var column = NumTimesteps - 1 - i;
                vb[column] = r.Output.MoveToOuterDisposeScope();
                xsMse[column] = GaussianLosses.MeanFlat((r.PredXStart - xStart).pow(2)).MoveToOuterDisposeScope();
                var epsPred = PredictEpsFromXStart(xT, t, r.PredXStart);
                mse[column] = GaussianLosses.MeanFlat((epsPred - eps).pow(2)).MoveToOuterDisposeScope();
            }
            progress?.Report(new ProgressReport("bpd", ++done, NumTimesteps));
        }
        var vbAll = stack(vb, 1);
        var prior = PriorBpd(xStart);
        var total = vbAll.sum(1) + prior;
        return new BitsPerDim(total.MoveToOuterDisposeScope(), prior.MoveToOuterDisposeScope(), vbAll.MoveToOuterDisposeScope(),
            stack(xsMse, 1).MoveToOuterDisposeScope(), stack(mse, 1).MoveToOuterDisposeScope());
    }

    private static Tensor Clip(Tensor x, bool clip) => clip ? x.clamp(-1, 1) : x.alias();

    private static Tensor NonZeroMask(Tensor t, Tensor x)
    {
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = t.shape[0];
        return t.ne(0).to_type(x.dtype).reshape(shape);
    }

    private static ReverseStep Detach(ReverseStep r)
        => new(r.Mean.MoveToOuterDisposeScope(), r.Variance.MoveToOuterDisposeScope(), r.LogVariance.MoveToOuterDisposeScope(), r.PredXStart.MoveToOuterDisposeScope());
}
