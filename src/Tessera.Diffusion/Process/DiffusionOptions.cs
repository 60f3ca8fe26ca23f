using Tessera.Diffusion.Schedules;

namespace Tessera.Diffusion.Process;

/// <summary>
/// Everything that defines a diffusion process, with improved-diffusion's <c>create_gaussian_diffusion</c> defaults
/// (<c>script_util.model_and_diffusion_defaults</c>): 1000 linear steps, ε prediction, fixed-large variance unless
/// <see cref="LearnSigma"/>, rescaled timesteps and learned sigmas, no respacing.
/// </summary>
public sealed record DiffusionOptions
{
    /// <summary>T, the number of diffusion steps of the base process.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>β schedule.</summary>
    public BetaScheduleKind Schedule { get; init; } = BetaScheduleKind.Linear;

    /// <summary>The model also outputs variance-interpolation values (<see cref="ModelVarianceType.LearnedRange"/>).</summary>
    public bool LearnSigma { get; init; }

    /// <summary>With a fixed variance, use β̃_t instead of β_t.</summary>
    public bool SigmaSmall { get; init; }

    /// <summary>Train on the VLB (<see cref="DiffusionLossType.RescaledKl"/>) instead of the MSE.</summary>
    public bool UseKl { get; init; }

    /// <summary>The model predicts x₀ instead of ε.</summary>
    public bool PredictXStart { get; init; }

    /// <summary>Feed the model timesteps scaled to [0, 1000) whatever T is.</summary>
    public bool RescaleTimesteps { get; init; } = true;

    /// <summary>With MSE training and a learned variance, scale the VLB term by T/1000 (the hybrid loss).</summary>
    public bool RescaleLearnedSigmas { get; init; } = true;

    /// <summary>Respacing spec (<c>""</c>, section counts like <c>"250"</c> or <c>"10,10,10"</c>, or <c>"ddim50"</c>).</summary>
    public string TimestepRespacing { get; init; } = "";

    /// <summary>The loss type these flags select (<c>create_gaussian_diffusion</c>).</summary>
    public DiffusionLossType LossType => UseKl ? DiffusionLossType.RescaledKl
        : RescaleLearnedSigmas ? DiffusionLossType.RescaledMse : DiffusionLossType.Mse;

    /// <summary>The mean parameterisation these flags select.</summary>
    public ModelMeanType MeanType => PredictXStart ? ModelMeanType.StartX : ModelMeanType.Epsilon;

    /// <summary>The variance type these flags select.</summary>
    public ModelVarianceType VarianceType => LearnSigma ? ModelVarianceType.LearnedRange
        : SigmaSmall ? ModelVarianceType.FixedSmall : ModelVarianceType.FixedLarge;
}
