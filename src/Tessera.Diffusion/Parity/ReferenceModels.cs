using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Schedules;
using Tessera.Nn.Weights;

namespace Tessera.Diffusion.Parity;

/// <summary>Builds Tessera's UNet and process from the reference factory kwargs recorded in a manifest.</summary>
internal static class ReferenceModels
{
    /// <summary>improved-diffusion's or guided-diffusion's <c>create_model</c> (guided when the kwargs carry <c>resblock_updown</c>).</summary>
    public static UNetConfig Config(JsonElement kwargs)
    {
        var imageSize = kwargs.GetProperty("image_size").GetInt32();
        var learnSigma = kwargs.GetProperty("learn_sigma").GetBoolean();
        var classCond = kwargs.TryGetProperty("class_cond", out var cc) && cc.GetBoolean() ? 1000 : (int?)null;
        var attention = kwargs.GetProperty("attention_resolutions").GetString()!;
        var config = UNetConfig.ImprovedDiffusion(imageSize == 16 ? 32 : imageSize, kwargs.GetProperty("num_channels").GetInt32(),
            kwargs.GetProperty("num_res_blocks").GetInt32(), learnSigma, "", kwargs.GetProperty("num_heads").GetInt32(),
            kwargs.GetProperty("use_scale_shift_norm").GetBoolean(), kwargs.GetProperty("dropout").GetDouble(), classCond);
        var ds = attention.Split(',').Select(r => imageSize / int.Parse(r, CultureInfo.InvariantCulture)).ToImmutableArray();
        config = config with { AttentionResolutions = ds };
        if (kwargs.TryGetProperty("num_heads_upsample", out var hu)) { config = config with { NumHeadsUpsample = hu.GetInt32() }; }
        if (kwargs.TryGetProperty("channel_mult", out var cm) && cm.GetString() is { Length: > 0 } mult)
        {
            config = config with { ChannelMult = [.. mult.Split(',').Select(m => int.Parse(m, CultureInfo.InvariantCulture))] };
        }
        if (kwargs.TryGetProperty("num_head_channels", out var hc)) { config = config with { NumHeadChannels = hc.GetInt32() }; }
        if (kwargs.TryGetProperty("resblock_updown", out var ru)) { config = config with { ResblockUpdown = ru.GetBoolean() }; }
        return config;
    }

    public static DiffusionOptions Options(JsonElement kwargs) => new()
    {
        Steps = (kwargs.TryGetProperty("diffusion_steps", out var st) ? st : kwargs.GetProperty("steps")).GetInt32(),
        Schedule = BetaSchedules.Parse(kwargs.GetProperty("noise_schedule").GetString()!),
        LearnSigma = kwargs.GetProperty("learn_sigma").GetBoolean(),
        SigmaSmall = kwargs.TryGetProperty("sigma_small", out var ss) && ss.GetBoolean(),
        UseKl = kwargs.GetProperty("use_kl").GetBoolean(),
        PredictXStart = kwargs.GetProperty("predict_xstart").GetBoolean(),
        RescaleTimesteps = kwargs.GetProperty("rescale_timesteps").GetBoolean(),
        RescaleLearnedSigmas = kwargs.GetProperty("rescale_learned_sigmas").GetBoolean(),
        TimestepRespacing = kwargs.GetProperty("timestep_respacing").GetString()!,
    };

    /// <summary>Builds the UNet and loads the weights file strictly (optionally replacing some tensors first).</summary>
    public static UNetModel Load(UNetConfig config, string weightsFile, string? overridesFile = null)
    {
        var model = new UNetModel(config);
        using var weights = CheckpointReader.Read(weightsFile);
        if (overridesFile is not null)
        {
            using var overrides = CheckpointReader.Read(overridesFile);
            foreach (var key in overrides.Keys)
            {
                weights.Remove(key);
                weights.Add(key, overrides[key].clone());
            }
        }
        StateDictLoader.Load(model, weights);
        model.eval();
        return model;
    }
}
