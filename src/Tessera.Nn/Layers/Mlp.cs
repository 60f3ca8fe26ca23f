using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Layers;

/// <summary>timm's two-layer MLP: <c>fc1</c> → activation → <c>fc2</c> (keys <c>fc1.*</c>, <c>fc2.*</c>).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Activation _activation;

    /// <summary>Creates the MLP.</summary>
    /// <param name="width">Input and output width.</param>
    /// <param name="hidden">Hidden width.</param>
    /// <param name="activation">Activation between the layers.</param>
    /// <exception cref="TesseraArgumentException">A size is not positive.</exception>
    public Mlp(int width, int hidden, Activation activation = Activation.Gelu) : base(ModuleBase.Name(nameof(Mlp)))
    {
        Guard.Positive(width);
        Guard.Positive(hidden);
        _activation = activation;
        fc1 = nn.Linear(width, hidden);
        fc2 = nn.Linear(hidden, width);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var h = fc1.forward(input);
        using var a = Activations.Apply(_activation, h);
        return fc2.forward(a);
    }
}
