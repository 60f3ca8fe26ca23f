using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Schedules;
using TorchSharp;

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

    public static UNetModel Seeded(UNetConfig config, long seed = 1)
    {
        torch.manual_seed(seed);
        var m = new UNetModel(config);
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
