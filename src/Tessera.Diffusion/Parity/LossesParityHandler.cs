using System.Text.Json;
using Tessera.Core.Parity;
using Tessera.Diffusion.Losses;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Sampling;
using Tessera.Diffusion.Schedules;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Parity;

/// <summary>
/// improved-diffusion losses: a folder whose manifest config has <c>normal_kl</c>, <c>dgll</c>, <c>mean_flat</c> and
/// <c>training_losses</c> (plus <c>vb_terms</c> and <c>calc_bpd_loop</c> on the model-sampling group's tiny UNet, found
/// through the model paths the manifest records relative to the area folder). Tolerances come from the manifest.
/// </summary>
public sealed class LossesParityHandler : IParityHandler
{
    /// <inheritdoc />
    public string Format => "improved-diffusion-losses";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null || !ParityFiles.ConfigHas(doc, "normal_kl", "dgll", "mean_flat", "training_losses")) { return null; }
        var config = doc.RootElement.GetProperty("config");
        var meanFlatCount = config.GetProperty("mean_flat").GetArrayLength();
        var cases = new List<ParityCase>
        {
            new("normal_kl", _ => RunNormalKl(directory)),
            new("dgll", _ => RunDgll(directory)),
            new("mean_flat", _ => RunMeanFlat(directory, meanFlatCount)),
        };
        foreach (var c in config.GetProperty("training_losses").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            cases.Add(new ParityCase($"training_losses/{name}", _ => RunTrainingLosses(directory, name)));
        }
        if (config.TryGetProperty("vb_terms", out _)) { cases.Add(new ParityCase("vb_terms", _ => RunVbTerms(directory))); }
        if (config.TryGetProperty("calc_bpd_loop", out _)) { cases.Add(new ParityCase("calc_bpd_loop", _ => RunCalcBpd(directory))); }
        return [new ParityGroup(ParityFiles.Area, ParityFiles.GroupName(doc, directory), directory, cases)];
    }

    private static JsonDocument Manifest(string directory) => ParityManifest.TryRead(directory)!;

    private static ParityOutcome RunNormalKl(string directory)
    {
        using var doc = Manifest(directory);
        var f32 = ParityFiles.Tolerance(doc.RootElement, "normal_kl/*_f32, mean_flat/*");
        var f64 = ParityFiles.Tolerance(doc.RootElement, "normal_kl/*_f64, dgll/out_f64.npy");
        using var scope = NewDisposeScope();
        var m1 = ParityFiles.LoadTensor(directory, "normal_kl/mean1.npy");
        var l1 = ParityFiles.LoadTensor(directory, "normal_kl/logvar1.npy");
        var m2 = ParityFiles.LoadTensor(directory, "normal_kl/mean2.npy");
        var l2 = ParityFiles.LoadTensor(directory, "normal_kl/logvar2.npy");
        var d = new[] { m1, l1, m2, l2 }.Select(t => t.to_type(ScalarType.Float64)).ToArray();
        return ParityFiles.Summarize(
        [
            ParityFiles.AllClose("out_f32", GaussianLosses.NormalKl(m1, l1, m2, l2), directory, "normal_kl/out_f32.npy", f32),
            ParityFiles.AllClose("out_f64", GaussianLosses.NormalKl(d[0], d[1], d[2], d[3]), directory, "normal_kl/out_f64.npy", f64),
            ParityFiles.AllClose("out_prior_f32", GaussianLosses.NormalKlToStandard(m1, l1), directory, "normal_kl/out_prior_f32.npy", f32),
            ParityFiles.AllClose("out_prior_f64", GaussianLosses.NormalKlToStandard(d[0], d[1]), directory, "normal_kl/out_prior_f64.npy", f64),
        ]);
    }

    private static ParityOutcome RunDgll(string directory)
    {
        using var doc = Manifest(directory);
        var f32 = ParityFiles.Tolerance(doc.RootElement, "dgll/out_f32.npy");
        var f64 = ParityFiles.Tolerance(doc.RootElement, "normal_kl/*_f64, dgll/out_f64.npy");
        using var scope = NewDisposeScope();
        var x = ParityFiles.LoadTensor(directory, "dgll/x.npy");
        var means = ParityFiles.LoadTensor(directory, "dgll/means.npy");
        var scales = ParityFiles.LoadTensor(directory, "dgll/log_scales.npy");
        var stable = ParityFiles.Mask(ParityFiles.Load(directory, "dgll/out_f32_stable.npy"));
        return ParityFiles.Summarize(
        [
            ParityFiles.AllClose("out_f32 (stable entries)", GaussianLosses.DiscretizedGaussianLogLikelihood(x, means, scales), directory, "dgll/out_f32.npy", f32, stable),
            ParityFiles.AllClose("out_f64", GaussianLosses.DiscretizedGaussianLogLikelihood(x.to_type(ScalarType.Float64), means.to_type(ScalarType.Float64),
                scales.to_type(ScalarType.Float64)), directory, "dgll/out_f64.npy", f64),
        ]);
    }

    private static ParityOutcome RunMeanFlat(string directory, int count)
    {
        using var doc = Manifest(directory);
        var tol = ParityFiles.Tolerance(doc.RootElement, "normal_kl/*_f32, mean_flat/*");
        using var scope = NewDisposeScope();
        return ParityFiles.Summarize([.. Enumerable.Range(0, count).Select(i =>
            ParityFiles.AllClose($"out_{i}", GaussianLosses.MeanFlat(ParityFiles.LoadTensor(directory, $"mean_flat/in_{i}.npy")), directory, $"mean_flat/out_{i}.npy", tol))]);
    }

    /// <summary>The group-3 UNet and its kwargs, read from the sibling model-sampling manifest the losses manifest points to.</summary>
    private static JsonElement SamplingKwargs(string directory, out string areaDir)
    {
        areaDir = Path.GetDirectoryName(directory)!;
        using var doc = ParityManifest.TryRead(Path.Combine(areaDir, "model_sampling"))
            ?? throw new Core.Errors.TesseraFormatException($"{areaDir}/model_sampling/manifest.json is missing (the losses group uses its UNet)");
        return doc.RootElement.GetProperty("config").GetProperty("create_model_and_diffusion_kwargs").Clone();
    }

    private static ParityOutcome RunTrainingLosses(string directory, string name)
    {
        using var doc = Manifest(directory);
        var root = doc.RootElement;
        var c = root.GetProperty("config").GetProperty("training_losses").EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
        var lossTol = ParityFiles.Tolerance(root, "training_losses/*/{loss,mse,vb}");
        var inputTol = ParityFiles.Tolerance(root, "training_losses/*/x_t, model_timesteps");
        var kwargs = SamplingKwargs(directory, out var areaDir);
        var options = ReferenceModels.Options(c.GetProperty("create_gaussian_diffusion_kwargs"));
        var diffusion = GaussianDiffusion.Create(options);
        var modelFiles = c.GetProperty("model").GetString()!.Split(" + ");
        var unetConfig = ReferenceModels.Config(kwargs);
        if (!options.LearnSigma) { unetConfig = unetConfig with { OutChannels = unetConfig.InChannels }; }
        using var model = ReferenceModels.Load(unetConfig, Path.Combine(areaDir, modelFiles[0]),
            modelFiles.Length > 1 ? Path.Combine(areaDir, "losses", modelFiles[1]) : null);
        using var scope = NewDisposeScope();
        var x0 = ParityFiles.LoadTensor(directory, "training_losses/x_start.npy");
        var noise = ParityFiles.LoadTensor(directory, "training_losses/noise.npy");
        var dir = $"training_losses/{name}";
        var t = ParityFiles.LoadTensor(directory, $"{dir}/t.npy");
        Tensor? seenTimesteps = null;
        Tensor Denoise(Tensor x, Tensor ts)
        {
            seenTimesteps?.Dispose();
            seenTimesteps = ts.clone().DetachFromDisposeScope();
            return model.Forward(x, ts);
        }
        var terms = diffusion.TrainingLosses(Denoise, x0, t, noise);
        var checks = new List<ParityOutcome>
        {
            ParityFiles.AllClose("x_t", diffusion.QSample(x0, t, noise), directory, $"{dir}/x_t.npy", inputTol),
            ParityFiles.AllClose("model_timesteps", seenTimesteps!, directory, $"{dir}/model_timesteps.npy", inputTol),
            ParityFiles.AllClose("loss", terms.Loss, directory, $"{dir}/loss.npy", lossTol),
        };
        if (File.Exists(Path.Combine(directory, dir, "mse.npy"))) { checks.Add(ParityFiles.AllClose("mse", terms.Mse!, directory, $"{dir}/mse.npy", lossTol)); }
        if (File.Exists(Path.Combine(directory, dir, "vb.npy"))) { checks.Add(ParityFiles.AllClose("vb", terms.Vb!, directory, $"{dir}/vb.npy", lossTol)); }
        return ParityFiles.Summarize(checks);
    }

    /// <summary>The model-sampling group's respaced process and UNet.</summary>
    private static (GaussianDiffusion Diffusion, UNetModel Model) SamplingProcess(string directory)
    {
        var kwargs = SamplingKwargs(directory, out var areaDir);
        var diffusion = GaussianDiffusion.Create(ReferenceModels.Options(kwargs));
        var model = ReferenceModels.Load(ReferenceModels.Config(kwargs), Path.Combine(areaDir, "model_sampling", "unet.safetensors"));
        return (diffusion, model);
    }

    private static ParityOutcome RunVbTerms(string directory)
    {
        using var doc = Manifest(directory);
        var tol = ParityFiles.Tolerance(doc.RootElement, "vb_terms/*");
        var (diffusion, model) = SamplingProcess(directory);
        using (model)
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var x0 = ParityFiles.LoadTensor(directory, "vb_terms/x_start.npy");
            var noise = ParityFiles.LoadTensor(directory, "vb_terms/noise.npy");
            var t = ParityFiles.LoadTensor(directory, "vb_terms/t.npy");
            var xt = diffusion.QSample(x0, t, noise);
            var clip = diffusion.VbTermsBpd((x, ts) => model.Forward(x, ts), x0, xt, t, clipDenoised: true);
            var noclip = diffusion.VbTermsBpd((x, ts) => model.Forward(x, ts), x0, xt, t, clipDenoised: false);
            return ParityFiles.Summarize(
            [
                ParityFiles.AllClose("x_t", xt, directory, "vb_terms/x_t.npy", tol),
                ParityFiles.AllClose("output_clip", clip.Output, directory, "vb_terms/output_clip.npy", tol),
                ParityFiles.AllClose("pred_xstart_clip", clip.PredXStart, directory, "vb_terms/pred_xstart_clip.npy", tol),
                ParityFiles.AllClose("output_noclip", noclip.Output, directory, "vb_terms/output_noclip.npy", tol),
                ParityFiles.AllClose("pred_xstart_noclip", noclip.PredXStart, directory, "vb_terms/pred_xstart_noclip.npy", tol),
            ]);
        }
    }

    private static ParityOutcome RunCalcBpd(string directory)
    {
        using var doc = Manifest(directory);
        var tol = ParityFiles.Tolerance(doc.RootElement, "calc_bpd_loop/*");
        var (diffusion, model) = SamplingProcess(directory);
        using (model)
        using (var scope = NewDisposeScope())
        {
            var x0 = ParityFiles.LoadTensor(directory, "vb_terms/x_start.npy");
            var noise = new RecordedNoise(ParityFiles.LoadTensor(directory, "calc_bpd_loop/noise_sequence.npy"));
            var r = diffusion.CalcBpdLoop((x, ts) => model.Forward(x, ts), x0, noise, clipDenoised: true);
            var used = ParityOutcome.Exact("noise draws left", noise.Remaining, "the recorded list must be used up");
            return ParityFiles.Summarize(
            [
                used,
                ParityFiles.AllClose("total_bpd", r.TotalBpd, directory, "calc_bpd_loop/total_bpd.npy", tol),
                ParityFiles.AllClose("prior_bpd", r.PriorBpd, directory, "calc_bpd_loop/prior_bpd.npy", tol),
                ParityFiles.AllClose("vb", r.Vb, directory, "calc_bpd_loop/vb.npy", tol),
                ParityFiles.AllClose("xstart_mse", r.XStartMse, directory, "calc_bpd_loop/xstart_mse.npy", tol),
                ParityFiles.AllClose("mse", r.Mse, directory, "calc_bpd_loop/mse.npy", tol),
            ]);
        }
    }
}
