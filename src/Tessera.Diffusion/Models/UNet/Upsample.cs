using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>Nearest-neighbour ×2 upsampling, optionally followed by a 3×3 convolution (key <c>conv</c>).</summary>
internal sealed class Upsample : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d? conv;

    public Upsample(int channels, bool useConv) : base(ModuleNames.Loaded(nameof(Upsample)))
    {
        if (useConv) { conv = nn.Conv2d(channels, channels, 3, padding: 1); }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var up = nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        if (conv is null) { return up; }
        using (up) { return conv.forward(up); }
    }
}
