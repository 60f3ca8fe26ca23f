using Tessera.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>
/// The trainable part of CLIPSeg (timojl/clipseg <c>CLIPDensePredT</c> without its frozen CLIP): per extracted CLIP
/// activation a linear reduction to D (<c>reduces.i</c>) and a transformer block (<c>blocks.i</c>), FiLM conditioning
/// (<c>film_mul</c>, <c>film_add</c>) and the transposed-convolution head (<c>trans_conv</c>). The state dict is exactly
/// that of a released CLIPSeg checkpoint (which stores only these tensors), including the unused <c>reduce</c>.
/// </summary>
/// <remarks>
/// Decoding: activations are taken deepest first; <c>a = reduces[i](act_i) + a</c>; at <c>i == cond_layer</c>
/// <c>a = film_mul(cond) · a + film_add(cond)</c>; <c>a = blocks[i](a)</c>; the class token is dropped, the patch
/// tokens are laid out row-major on the patch grid and <c>trans_conv</c> upsamples them by the patch size.
/// </remarks>
public sealed class ClipSegDecoder : nn.Module<IReadOnlyList<Tensor>, Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Linear film_mul;
    private readonly Linear film_add;
    private readonly Linear reduce;
    private readonly nn.Module<Tensor, Tensor> trans_conv;
    private readonly ModuleList<Linear> reduces;
    private readonly ModuleList<ClipSegDecoderBlock> blocks;
#pragma warning restore IDE1006

    /// <summary>Creates the decoder with PyTorch's default initialisation (seed torch first for reproducible weights).</summary>
    /// <param name="config">Sizes (validated).</param>
    /// <exception cref="TesseraArgumentException">The configuration is invalid.</exception>
    public ClipSegDecoder(ClipSegConfig config) : base(DenseModuleBase.Name(nameof(ClipSegDecoder)))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var d = config.ReduceDim;
        film_mul = nn.Linear(config.ConditionalDim, d);
        film_add = nn.Linear(config.ConditionalDim, d);
        reduce = nn.Linear(config.VisionWidth, d);
        trans_conv = config.ComplexTransConv ? ComplexHead(d, config.PatchSize) : nn.ConvTranspose2d(d, 1, config.PatchSize, stride: config.PatchSize);
        var depth = config.ExtractLayers.Count;
        reduces = nn.ModuleList(Enumerable.Range(0, depth).Select(_ => nn.Linear(config.VisionWidth, d)).ToArray());
        blocks = nn.ModuleList(Enumerable.Range(0, depth).Select(_ => new ClipSegDecoderBlock(d, config.Heads, config.FeedForward, config.Dropout)).ToArray());
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public ClipSegConfig Config { get; }

    /// <summary>Number of parameters the forward pass uses (every tensor of the checkpoint except the unused
    /// <c>reduce</c>).</summary>
    public long UsedParameterCount => parameters().Sum(p => p.numel()) - reduce.parameters().Sum(p => p.numel());

    /// <summary>Number of parameters in the state dict (= upstream's <c>requires_grad</c> count, <c>reduce</c> included).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Decodes with a square patch grid (as upstream): <c>logits [B, 1, patch·g, patch·g]</c>.</summary>
    /// <param name="input1">CLIP block outputs <c>[B, 1 + g², width]</c> of <see cref="ClipSegConfig.ExtractLayers"/>, in
    /// increasing layer order.</param>
    /// <param name="input2">Conditional vectors <c>[B, ConditionalDim]</c>.</param>
    /// <returns>Logits before the sigmoid.</returns>
    public override Tensor forward(IReadOnlyList<Tensor> input1, Tensor input2)
    {
        ArgumentNullException.ThrowIfNull(input1);
        Guard.That(input1.Count > 0, nameof(input1), "must hold the extracted activations");
        var n = input1[0].shape[1] - 1;
        var g = (int)Math.Round(Math.Sqrt(n));
        Guard.That(g * (long)g == n, nameof(input1), $"holds {n} patch tokens, not a square grid; call Tokens with the grid");
        using var tokens = Tokens(input1, input2, g, g);
        return Upsample(tokens);
    }

    /// <summary>Runs the reductions, FiLM and the blocks; returns the patch tokens laid out as <c>[B, D, rows, cols]</c>
    /// (the input of <c>trans_conv</c>).</summary>
    /// <param name="activations">CLIP block outputs <c>[B, 1 + rows·cols, width]</c>, increasing layer order.</param>
    /// <param name="conditional">Conditional vectors <c>[B, ConditionalDim]</c>.</param>
    /// <param name="rows">Patch-grid rows.</param>
    /// <param name="cols">Patch-grid columns.</param>
    /// <returns>Decoder tokens.</returns>
    /// <exception cref="TesseraArgumentException">Counts or shapes do not match the configuration.</exception>
    public Tensor Tokens(IReadOnlyList<Tensor> activations, Tensor conditional, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(conditional);
        Guard.That(activations.Count == blocks.Count, nameof(activations), $"must hold {blocks.Count} activations (one per extract layer), got {activations.Count}");
        var b = activations[0].shape[0];
        foreach (var act in activations)
        {
            Guard.That(act.dim() == 3 && act.shape[0] == b && act.shape[1] == 1 + ((long)rows * cols) && act.shape[2] == Config.VisionWidth, nameof(activations),
                $"each must be [{b}, {1 + (rows * cols)}, {Config.VisionWidth}], got [{string.Join(", ", act.shape)}]");
        }
        Guard.That(conditional.dim() == 2 && conditional.shape[0] == b && conditional.shape[1] == Config.ConditionalDim, nameof(conditional),
            $"must be [{b}, {Config.ConditionalDim}], got [{string.Join(", ", conditional.shape)}]");
        using var scope = torch.NewDisposeScope();
        Tensor? a = null;
        for (var i = 0; i < blocks.Count; i++)
        {
            var act = activations[activations.Count - 1 - i];
            var reduced = reduces[i].forward(act);
            a = a is null ? reduced : reduced + a;
            if (i == Config.CondLayer)
            {
                var mul = film_mul.forward(conditional).unsqueeze(1);
                var add = film_add.forward(conditional).unsqueeze(1);
                a = (mul * a) + add;
            }
            a = blocks[i].forward(a);
        }
        var patches = a!.narrow(1, 1, (long)rows * cols).permute(0, 2, 1).reshape(b, Config.ReduceDim, rows, cols);
        return patches.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Applies the transposed-convolution head: <c>[B, D, rows, cols]</c> → <c>[B, 1, patch·rows, patch·cols]</c>.</summary>
    /// <param name="tokens">Decoder tokens from <see cref="Tokens"/>.</param>
    /// <returns>Logits before the sigmoid.</returns>
    public Tensor Upsample(Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return trans_conv.forward(tokens);
    }

    private static Sequential ComplexHead(int d, int patch)
    {
        var k = patch / 4;
        return nn.Sequential(
            ("0", nn.Conv2d(d, d, 3, padding: 1)),
            ("1", nn.ReLU()),
            ("2", nn.ConvTranspose2d(d, d / 2, k, stride: k)),
            ("3", nn.ReLU()),
            ("4", nn.ConvTranspose2d(d / 2, 1, k, stride: k)));
    }
}
