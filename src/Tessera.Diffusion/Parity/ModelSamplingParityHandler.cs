using System.Text.Json;
using Tessera.Core.Parity;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Sampling;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Parity;

/// <summary>
/// improved-diffusion tiny UNet and samplers: a folder whose manifest config has <c>create_model_and_diffusion_kwargs</c>
/// and <c>loops_detail</c> — the UNet forward from stored weights, <c>p_mean_variance</c>/<c>p_sample</c>, and the
/// ancestral and DDIM loops replaying the recorded noise. Tolerances come from the manifest.
/// </summary>
public sealed class ModelSamplingParityHandler : IParityHandler
{
    /// <inheritdoc />
    public string Format => "improved-diffusion-model-sampling";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null || !ParityFiles.ConfigHas(doc, "create_model_and_diffusion_kwargs", "loops_detail")) { return null; }
        ParityCase[] cases =
        [
            new("forward", _ => RunForward(directory)),
            new("p_sample", _ => RunPSample(directory)),
            new("p_sample_loop", _ => RunLoop(directory, ddim: false)),
            new("ddim_sample_loop", _ => RunLoop(directory, ddim: true)),
        ];
        return [new ParityGroup(ParityFiles.Area, ParityFiles.GroupName(doc, directory), directory, cases)];
    }

    private static (JsonDocument Doc, GaussianDiffusion Diffusion, UNetModel Model) Open(string directory)
    {
        var doc = ParityManifest.TryRead(directory)!;
        var kwargs = doc.RootElement.GetProperty("config").GetProperty("create_model_and_diffusion_kwargs");
        var diffusion = GaussianDiffusion.Create(ReferenceModels.Options(kwargs));
        var model = ReferenceModels.Load(ReferenceModels.Config(kwargs), Path.Combine(directory, "unet.safetensors"));
        return (doc, diffusion, model);
    }

    private static ParityOutcome RunForward(string directory)
    {
        var (doc, _, model) = Open(directory);
        using (doc)
        using (model)
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var tol = ParityFiles.Tolerance(doc.RootElement, "forward/output.npy");
            var x = ParityFiles.LoadTensor(directory, "forward/x.npy");
            var ts = ParityFiles.LoadTensor(directory, "forward/timesteps.npy");
            return ParityFiles.Summarize([ParityFiles.AllClose("output", model.Forward(x, ts), directory, "forward/output.npy", tol)]);
        }
    }

    private static ParityOutcome RunPSample(string directory)
    {
        var (doc, diffusion, model) = Open(directory);
        using (doc)
        using (model)
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var tol = ParityFiles.Tolerance(doc.RootElement, "p_sample/*");
            var x = ParityFiles.LoadTensor(directory, "p_sample/x.npy");
            var t = ParityFiles.LoadTensor(directory, "p_sample/t.npy");
            var noise = ParityFiles.LoadTensor(directory, "p_sample/noise.npy");
            Denoiser denoiser = (xx, ts) => model.Forward(xx, ts);
            var pmv = diffusion.PMeanVariance(denoiser, x, t, clipDenoised: true);
            var step = diffusion.PSample(denoiser, x, t, noise, clipDenoised: true);
            return ParityFiles.Summarize(
            [
                ParityFiles.AllClose("mean", pmv.Mean, directory, "p_sample/p_mean_variance_mean.npy", tol),
                ParityFiles.AllClose("variance", pmv.Variance, directory, "p_sample/p_mean_variance_variance.npy", tol),
                ParityFiles.AllClose("log_variance", pmv.LogVariance, directory, "p_sample/p_mean_variance_log_variance.npy", tol),
                ParityFiles.AllClose("pred_xstart", pmv.PredXStart, directory, "p_sample/p_mean_variance_pred_xstart.npy", tol),
                ParityFiles.AllClose("sample", step.Sample, directory, "p_sample/sample.npy", tol),
                ParityFiles.AllClose("p_sample pred_xstart", step.PredXStart, directory, "p_sample/p_mean_variance_pred_xstart.npy", tol),
            ]);
        }
    }

    private static ParityOutcome RunLoop(string directory, bool ddim)
    {
        var (doc, diffusion, model) = Open(directory);
        using (doc)
        using (model)
        using (var scope = NewDisposeScope())
        {
            var tol = ParityFiles.Tolerance(doc.RootElement, "loops/*");
            var sequence = ParityFiles.LoadTensor(directory, "loops/noise_sequence.npy");
            var noise = new RecordedNoise(sequence);
            var shape = sequence.shape[1..];
            Denoiser denoiser = (xx, ts) => model.Forward(xx, ts);
            var checks = new List<ParityOutcome>();
            if (ddim)
            {
                var final = diffusion.DdimSampleLoop(denoiser, shape, noise, eta: 0.0);
                checks.Add(ParityFiles.AllClose("ddim_sample_loop_final", final, directory, "loops/ddim_sample_loop_final.npy", tol));
            }
            else
            {
                var perStep = new List<Tensor>();
                var final = diffusion.PSampleLoop(denoiser, shape, noise, onStep: (_, s) => perStep.Add(s.Sample.clone().MoveToOuterDisposeScope()));
                checks.Add(ParityFiles.AllClose("p_sample_loop_samples_per_step", stack(perStep), directory, "loops/p_sample_loop_samples_per_step.npy", tol));
                checks.Add(ParityFiles.AllClose("p_sample_loop_final", final, directory, "loops/p_sample_loop_final.npy", tol));
            }
            checks.Insert(0, ParityOutcome.Exact("noise draws left", noise.Remaining, "the recorded list must be used up"));
            return ParityFiles.Summarize(checks);
        }
    }
}
