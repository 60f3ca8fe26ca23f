using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>×2 downsampling: a stride-2 3×3 convolution (key <c>op</c>) or 2×2 average pooling.</summary>
internal sealed class Downsample : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> op;

    public Downsample(int channels, bool useConv) : base(ModuleNames.Loaded(nameof(Downsample)))
    {
        op = useConv ? nn.Conv2d(channels, channels, 3, stride: 2, padding: 1) : nn.AvgPool2d(2, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => op.forward(input);
}
