using Tessera.Nn.Layers;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Models.Clip;

/// <summary>CLIP's MLP: <c>c_fc</c> → QuickGELU → <c>c_proj</c> (width → 4·width → width).</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly Linear c_proj;

    /// <summary>Creates the MLP.</summary>
    /// <param name="width">Token width.</param>
    public ClipMlp(int width) : base(ModuleBase.Name(nameof(ClipMlp)))
    {
        c_fc = nn.Linear(width, 4L * width);
        c_proj = nn.Linear(4L * width, width);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var h = c_fc.forward(input);
        using var a = Activations.Apply(Activation.QuickGelu, h);
        return c_proj.forward(a);
    }
}
