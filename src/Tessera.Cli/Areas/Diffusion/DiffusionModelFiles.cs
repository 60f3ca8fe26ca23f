using Tessera.Core.Errors;
using Tessera.Diffusion.Models;
using Tessera.Diffusion.Models.UNet;
using Tessera.Nn.Weights;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>Loads a model folder written by <c>diffusion train</c> (config.json + ema.safetensors or model.safetensors).</summary>
internal static class DiffusionModelFiles
{
    public static (DiffusionModelSpec Spec, UNetModel Model) Load(string folder, bool ema)
    {
        var config = Path.Combine(folder, "config.json");
        if (!File.Exists(config)) { throw new TesseraArgumentException("--weights", $"'{folder}' has no config.json (train a model with tessera diffusion train)"); }
        var spec = DiffusionModelSpec.Load(config);
        var weights = Path.Combine(folder, ema ? "ema.safetensors" : "model.safetensors");
        if (!File.Exists(weights)) { throw new TesseraArgumentException("--weights", $"'{folder}' has no {Path.GetFileName(weights)}"); }
        var model = new UNetModel(spec.UNet);
        using var sd = CheckpointReader.Read(weights);
        StateDictLoader.Load(model, sd);
        model.eval();
        return (spec, model);
    }
}
