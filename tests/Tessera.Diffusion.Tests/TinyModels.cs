using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Tests;

/// <summary>Tiny configurations for fast tests.</summary>
internal static class TinyModels
{
    public static UNetConfig UNet(int inChannels = 1, bool learnSigma = true, int? classes = null) => new()
    {
        InChannels = inChannels,
        ModelChannels = 32,
        OutChannels = learnSigma ? 2 * inChannels : inChannels,
        NumResBlocks = 1,
        ChannelMult = [1, 2],
        AttentionResolutions = [2],
        NumHeads = 2,
        UseScaleShiftNorm = true,
        NumClasses = classes,
    };

    /// <summary>A network whose every parameter is redrawn (weights ~ N(0, 1/fan_in), 1-D tensors perturbed), like the
    /// fixtures' random UNets, so that outputs are not trivially zero.</summary>
    public static UNetModel Seeded(UNetConfig config, long seed = 1)
    {
        torch.manual_seed(seed);
        var m = new UNetModel(config);
        using (torch.no_grad())
        {
            foreach (var (_, p) in m.named_parameters())
            {
                if (p.dim() > 1) { p.normal_(0, 1 / Math.Sqrt(p.numel() / p.shape[0])); }
                else { p.add_(torch.randn_like(p) * 0.05); }
            }
        }
        m.eval();
        return m;
    }

    public static DiffusionOptions Process(int steps = 50, bool learnSigma = true) => new()
    {
        Steps = steps,
        Schedule = BetaScheduleKind.Cosine,
        LearnSigma = learnSigma,
    };
}
