using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>A sequence of layers (keys <c>0</c>, <c>1</c>, …) that passes the timestep embedding to the layers that take it.</summary>
public sealed class TimestepEmbedSequential : nn.Module
{
    private readonly nn.Module[] _layers;

    internal TimestepEmbedSequential(params nn.Module[] layers) : base(ModuleNames.Loaded(nameof(TimestepEmbedSequential)))
    {
        _layers = layers;
        for (var i = 0; i < layers.Length; i++) { register_module(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]); }
    }

    /// <summary>Applies the layers in order.</summary>
    /// <param name="x">Input.</param>
    /// <param name="emb">Timestep embedding [N, E].</param>
    /// <returns>A new tensor.</returns>
    public Tensor Forward(Tensor x, Tensor emb)
    {
        using var scope = NewDisposeScope();
        var h = x;
        foreach (var layer in _layers)
        {
            h = layer switch
            {
                ITimestepLayer tl => tl.Forward(h, emb),
                nn.Module<Tensor, Tensor> m => m.forward(h),
                _ => throw new InvalidOperationException($"layer {layer.GetName()} cannot be applied"),
            };
        }
        return (ReferenceEquals(h, x) ? h.alias() : h).MoveToOuterDisposeScope();
    }
}
