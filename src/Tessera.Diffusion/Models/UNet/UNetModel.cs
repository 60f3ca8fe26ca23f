using Tessera.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>
/// The diffusion UNet of openai/improved-diffusion (<c>unet.UNetModel</c>; with <see cref="UNetConfig.ResblockUpdown"/>
/// and <see cref="UNetConfig.NumHeadChannels"/> also guided-diffusion's): a sinusoidal timestep embedding through an
/// MLP (plus a class embedding when conditional), an encoder of residual blocks with optional self-attention and
/// ×2 downsampling, a middle block, a decoder that concatenates the encoder's skips, and a GroupNorm-SiLU-conv head.
/// Field names are the reference state-dict keys (<c>time_embed.0</c>, <c>input_blocks.1.0.in_layers.0</c>,
/// <c>output_blocks.5.1.conv</c>, <c>out.2</c>, …), so reference checkpoints load as they are.
/// </summary>
public sealed class UNetModel : nn.Module
{
    private readonly Linear _timeEmbed0;
    private readonly Linear _timeEmbed2;
    private readonly Embedding? _labelEmb;
    private readonly ModuleList<TimestepEmbedSequential> _inputBlocks;
    private readonly TimestepEmbedSequential _middleBlock;
    private readonly ModuleList<TimestepEmbedSequential> _outputBlocks;
    private readonly GroupNorm _outNorm;
    private readonly Conv2d _outConv;

    /// <summary>Builds the network with TorchSharp's default initialisation.</summary>
    /// <param name="config">Sizes.</param>
    /// <exception cref="TesseraArgumentException">The configuration is invalid.</exception>
    public UNetModel(UNetConfig config) : base(ModuleNames.Loaded(nameof(UNetModel)))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var headsUp = config.NumHeadsUpsample == -1 ? config.NumHeads : config.NumHeadsUpsample;
        var embDim = config.ModelChannels * 4;
        _timeEmbed0 = nn.Linear(config.ModelChannels, embDim);
        _timeEmbed2 = nn.Linear(embDim, embDim);
        register_module("time_embed", new ModuleGroup(("0", _timeEmbed0), ("2", _timeEmbed2)));
        if (config.NumClasses is int classes)
        {
            _labelEmb = nn.Embedding(classes, embDim);
            register_module("label_emb", _labelEmb);
        }
        var ch = config.ChannelMult[0] * config.ModelChannels;
        var inputCh = ch;
        var inputs = new List<TimestepEmbedSequential> { new(nn.Conv2d(config.InChannels, ch, 3, padding: 1)) };
        var chans = new Stack<int>();
        chans.Push(ch);
        var ds = 1;
        for (var level = 0; level < config.ChannelMult.Length; level++)
        {
            var mult = config.ChannelMult[level];
            for (var r = 0; r < config.NumResBlocks; r++)
            {
                var layers = new List<nn.Module> { new ResBlock(ch, embDim, config.Dropout, mult * config.ModelChannels, config.UseScaleShiftNorm) };
                ch = mult * config.ModelChannels;
                if (config.AttentionResolutions.Contains(ds)) { layers.Add(new AttentionBlock(ch, config.NumHeads, config.NumHeadChannels)); }
                inputs.Add(new TimestepEmbedSequential([.. layers]));
                chans.Push(ch);
            }
            if (level != config.ChannelMult.Length - 1)
            {
                inputs.Add(config.ResblockUpdown
                    ? new TimestepEmbedSequential(new ResBlock(ch, embDim, config.Dropout, ch, config.UseScaleShiftNorm, down: true))
                    : new TimestepEmbedSequential(new Downsample(ch, config.ConvResample)));
                chans.Push(ch);
                ds *= 2;
            }
        }
        _inputBlocks = nn.ModuleList([.. inputs]);
        register_module("input_blocks", _inputBlocks);
        _middleBlock = new TimestepEmbedSequential(
            new ResBlock(ch, embDim, config.Dropout, ch, config.UseScaleShiftNorm),
            new AttentionBlock(ch, config.NumHeads, config.NumHeadChannels),
            new ResBlock(ch, embDim, config.Dropout, ch, config.UseScaleShiftNorm));
        register_module("middle_block", _middleBlock);
        var outputs = new List<TimestepEmbedSequential>();
        for (var level = config.ChannelMult.Length - 1; level >= 0; level--)
        {
            var mult = config.ChannelMult[level];
            for (var i = 0; i <= config.NumResBlocks; i++)
            {
                var skip = chans.Pop();
                var layers = new List<nn.Module> { new ResBlock(ch + skip, embDim, config.Dropout, config.ModelChannels * mult, config.UseScaleShiftNorm) };
                ch = config.ModelChannels * mult;
                if (config.AttentionResolutions.Contains(ds)) { layers.Add(new AttentionBlock(ch, headsUp, config.NumHeadChannels)); }
                if (level > 0 && i == config.NumResBlocks)
                {
                    layers.Add(config.ResblockUpdown
                        ? new ResBlock(ch, embDim, config.Dropout, ch, config.UseScaleShiftNorm, up: true)
                        : new Upsample(ch, config.ConvResample));
                    ds /= 2;
                }
                outputs.Add(new TimestepEmbedSequential([.. layers]));
            }
        }
        _outputBlocks = nn.ModuleList([.. outputs]);
        register_module("output_blocks", _outputBlocks);
        _outNorm = nn.GroupNorm(32, ch);
        _outConv = nn.Conv2d(inputCh, config.OutChannels, 3, padding: 1);
        register_module("out", new ModuleGroup(("0", _outNorm), ("2", _outConv)));
        InitializeLikeReference();
    }

    /// <summary>
    /// PyTorch's default initialisation, made explicit (convolutions and linear layers: weights and biases
    /// ~ U(±1/√fan_in); GroupNorm: 1 and 0; embeddings: N(0, 1)), then the reference's <c>zero_module</c> on the last
    /// convolution of every residual block, every attention <c>proj_out</c> and the output convolution, so an untrained
    /// network starts as the identity on its residual paths and predicts 0.
    /// </summary>
    private void InitializeLikeReference()
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case GroupNorm norm:
                    norm.weight!.fill_(1);
                    norm.bias!.zero_();
                    break;
                case Conv1d or Conv2d or Linear:
                    var parameters = module.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
                    var weight = parameters["weight"];
                    var bound = 1 / Math.Sqrt(weight.numel() / weight.shape[0]);
                    weight.uniform_(-bound, bound);
                    if (parameters.TryGetValue("bias", out var bias)) { bias.uniform_(-bound, bound); }
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_();
                    break;
            }
        }
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case ResBlock block:
                    block.ZeroOutput();
                    break;
                case AttentionBlock attention:
                    attention.ZeroOutput();
                    break;
            }
        }
        _outConv.weight!.zero_();
        _outConv.bias!.zero_();
    }

    /// <summary>The sizes this network was built with.</summary>
    public UNetConfig Config { get; }

    /// <summary>Number of decoder (output) blocks; DDPM-segmentation reads features from them.</summary>
    public int OutputBlockCount => _outputBlocks.Count;

    /// <summary>Predicts from a noisy batch.</summary>
    /// <param name="x">[N, C, H, W], H and W divisible by 2^(levels − 1).</param>
    /// <param name="timesteps">[N] model timesteps (may be fractional).</param>
    /// <param name="classes">int64 [N] labels when class-conditional, else null.</param>
    /// <returns>A new [N, OutChannels, H, W] tensor.</returns>
    /// <exception cref="TesseraArgumentException">Labels given to an unconditional model or missing for a conditional one.</exception>
    public Tensor Forward(Tensor x, Tensor timesteps, Tensor? classes = null)
        => Run(x, timesteps, classes, null, int.MaxValue)!;

    /// <summary>Runs the network and returns the outputs of chosen decoder blocks (the activations DDPM-segmentation
    /// hooks); it stops after the last chosen block.</summary>
    /// <param name="x">[N, C, H, W].</param>
    /// <param name="timesteps">[N] model timesteps.</param>
    /// <param name="blocks">Decoder block indices in [0, <see cref="OutputBlockCount"/>).</param>
    /// <param name="classes">Labels when class-conditional.</param>
    /// <returns>New tensors in the order of <paramref name="blocks"/>.</returns>
    /// <exception cref="TesseraArgumentException">A block index is out of range.</exception>
    public IReadOnlyList<Tensor> DecoderActivations(Tensor x, Tensor timesteps, IReadOnlyList<int> blocks, Tensor? classes = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        foreach (var b in blocks)
        {
            Guard.That(b >= 0 && b < OutputBlockCount, nameof(blocks), $"block {b} is outside [0, {OutputBlockCount})");
        }
        var captured = new Dictionary<int, Tensor>();
        Run(x, timesteps, classes, captured, blocks.Count == 0 ? -1 : blocks.Max(), [.. blocks]);
        return [.. blocks.Select(b => captured[b])];
    }

    private Tensor? Run(Tensor x, Tensor timesteps, Tensor? classes, Dictionary<int, Tensor>? captured, int lastBlock, HashSet<int>? wanted = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(timesteps);
        Guard.That((classes is null) == (_labelEmb is null), nameof(classes), "class labels must be given if and only if the model is class-conditional");
        using var scope = NewDisposeScope();
        var emb = _timeEmbed2.forward(nn.functional.silu(_timeEmbed0.forward(TimestepEmbedding.Embed(timesteps, Config.ModelChannels))));
        if (_labelEmb is not null) { emb = emb + _labelEmb.forward(classes!); }
        var hs = new Stack<Tensor>();
        var h = x;
        foreach (var block in _inputBlocks)
        {
            h = block.Forward(h, emb);
            hs.Push(h);
        }
        h = _middleBlock.Forward(h, emb);
        for (var i = 0; i < _outputBlocks.Count; i++)
        {
            if (i > lastBlock) { return null; }
            h = _outputBlocks[i].Forward(cat([h, hs.Pop()], 1), emb);
            if (captured is not null && wanted!.Contains(i)) { captured[i] = h.alias().MoveToOuterDisposeScope(); }
        }
        if (captured is not null) { return null; }
        return GradSafeConvolution.Apply(_outConv, nn.functional.silu(_outNorm.forward(h))).MoveToOuterDisposeScope();
    }
}
