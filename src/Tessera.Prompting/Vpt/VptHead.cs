using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Prompting.Vpt;

/// <summary>
/// VPT's classification head (<c>src/models/mlp.py</c> <c>MLP</c> with <c>MLP_NUM = 0</c>): one linear
/// <c>last_layer</c>; weight <c>kaiming_normal_(fan_out)</c>, bias <c>−log(99)</c>.
/// </summary>
public sealed class VptHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear last_layer;

    /// <summary>Creates the head.</summary>
    /// <param name="inFeatures">Feature width.</param>
    /// <param name="numClasses">Classes.</param>
    /// <param name="generator">Initialisation generator.</param>
    internal VptHead(int inFeatures, int numClasses, Generator generator) : base(PromptingRuntime.Name(nameof(VptHead)))
    {
        last_layer = nn.Linear(inFeatures, numClasses);
        using (torch.no_grad())
        {
            using var w = VptInit.KaimingNormalFanOut(generator, numClasses, inFeatures);
            last_layer.weight!.copy_(w);
            last_layer.bias!.fill_(VptInit.SpecialBias);
        }
        RegisterComponents();
    }

    /// <summary>Logits.</summary>
    /// <param name="input">Features <c>[B, inFeatures]</c>.</param>
    /// <returns>Logits <c>[B, classes]</c>.</returns>
    public override Tensor forward(Tensor input) => last_layer.forward(input);
}
