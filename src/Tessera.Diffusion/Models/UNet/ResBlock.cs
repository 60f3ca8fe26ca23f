using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>
/// The residual block of improved/guided-diffusion: GroupNorm → SiLU → conv, plus the timestep embedding (added, or
/// as scale and shift of the second norm), GroupNorm → SiLU → dropout → conv, and a skip (identity or 1×1 conv).
/// With <c>up</c>/<c>down</c> (guided-diffusion's <c>resblock_updown</c>) it also resamples both paths.
/// Keys: <c>in_layers.{0,2}</c>, <c>emb_layers.1</c>, <c>out_layers.{0,3}</c>, <c>skip_connection</c>.
/// </summary>
internal sealed class ResBlock : nn.Module, ITimestepLayer
{
    private readonly GroupNorm _inNorm;
    private readonly Conv2d _inConv;
    private readonly Linear _embLinear;
    private readonly GroupNorm _outNorm;
    private readonly Dropout _dropout;
    private readonly Conv2d _outConv;
    private readonly Conv2d? _skip;
    private readonly nn.Module<Tensor, Tensor>? _hUpd;
    private readonly nn.Module<Tensor, Tensor>? _xUpd;
    private readonly bool _scaleShift;

    public ResBlock(int channels, int embChannels, double dropout, int outChannels, bool useScaleShiftNorm, bool up = false, bool down = false)
        : base(ModuleNames.Loaded(nameof(ResBlock)))
    {
        _scaleShift = useScaleShiftNorm;
        _inNorm = nn.GroupNorm(32, channels);
        _inConv = nn.Conv2d(channels, outChannels, 3, padding: 1);
        _embLinear = nn.Linear(embChannels, useScaleShiftNorm ? 2 * outChannels : outChannels);
        _outNorm = nn.GroupNorm(32, outChannels);
        _dropout = nn.Dropout(dropout);
        _outConv = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        if (outChannels != channels) { _skip = nn.Conv2d(channels, outChannels, 1); }
        if (up)
        {
            _hUpd = new Upsample(channels, false);
            _xUpd = new Upsample(channels, false);
        }
        else if (down)
        {
            _hUpd = new Downsample(channels, false);
            _xUpd = new Downsample(channels, false);
        }
        register_module("in_layers", new ModuleGroup(("0", _inNorm), ("2", _inConv)));
        register_module("emb_layers", new ModuleGroup(("1", _embLinear)));
        register_module("out_layers", new ModuleGroup(("0", _outNorm), ("2", _dropout), ("3", _outConv)));
        if (_skip is not null) { register_module("skip_connection", _skip); }
        if (_hUpd is not null)
        {
            register_module("h_upd", _hUpd);
            register_module("x_upd", _xUpd!);
        }
    }

    /// <summary>Zeroes the last convolution (the reference's <c>zero_module</c>).</summary>
    public void ZeroOutput()
    {
        using var noGrad = no_grad();
        _outConv.weight!.zero_();
        _outConv.bias!.zero_();
    }

    public Tensor Forward(Tensor x, Tensor emb)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.silu(_inNorm.forward(x));
        var skipInput = x;
        if (_hUpd is not null)
        {
            h = _hUpd.forward(h);
            skipInput = _xUpd!.forward(x);
        }
        h = _inConv.forward(h);
        var embOut = _embLinear.forward(nn.functional.silu(emb));
        embOut = embOut.reshape(embOut.shape[0], embOut.shape[1], 1, 1);
        if (_scaleShift)
        {
            var chunks = embOut.chunk(2, 1);
            h = (_outNorm.forward(h) * (chunks[0] + 1)) + chunks[1];
        }
        else
        {
            h = _outNorm.forward(h + embOut);
        }
        h = _outConv.forward(_dropout.forward(nn.functional.silu(h)));
        var skip = _skip is null ? skipInput : _skip.forward(skipInput);
        return (skip + h).MoveToOuterDisposeScope();
    }
}
