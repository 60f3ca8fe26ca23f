using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Vpt;

/// <summary>The initialisation rules of KMnP/vpt, drawn from an explicit generator.</summary>
internal static class VptInit
{
    /// <summary><c>val = sqrt(6 / (3·p_h·p_w + prompt_dim))</c>: Xavier-uniform treating a prompt as a patch of fan-in 3·p².</summary>
    public static double PromptBound(int patchSize, int promptDim) => Math.Sqrt(6.0 / ((3.0 * patchSize * patchSize) + promptDim));

    /// <summary>A tensor uniform in [−bound, bound).</summary>
    public static Tensor Uniform(Generator generator, double bound, params long[] shape)
    {
        using var u = torch.rand(shape, ScalarType.Float32, generator: generator);
        return (u * (2 * bound)) - bound;
    }

    /// <summary><c>kaiming_normal_(a=0, mode='fan_out')</c> for a <c>[out, in]</c> weight: N(0, 2/out).</summary>
    public static Tensor KaimingNormalFanOut(Generator generator, long outFeatures, long inFeatures)
    {
        using var n = torch.randn([outFeatures, inFeatures], ScalarType.Float32, generator: generator);
        return n * Math.Sqrt(2.0 / outFeatures);
    }

    /// <summary>The head bias of VPT's <c>MLP(special_bias=True)</c>: <c>−log((1 − 0.01) / 0.01)</c>.</summary>
    public static double SpecialBias => -Math.Log((1 - 0.01) / 0.01);
}
