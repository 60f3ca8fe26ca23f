using Tessera.Core.Errors;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Segmentation;

/// <summary>
/// Pixel features from a diffusion UNet (ddpm-segmentation's <c>FeatureExtractorDDPM</c> + <c>collect_features</c>):
/// for each step t the image is noised with one shared noise image, the UNet is run on it with timestep t, the outputs
/// of chosen decoder blocks are upsampled to the image size and everything is concatenated along channels
/// (step-major, then block order). The UNet stops after the last chosen block.
/// </summary>
public sealed class DdpmFeatureExtractor
{
    private readonly UNetModel _model;
    private readonly GaussianDiffusion _diffusion;

    /// <summary>Creates an extractor (it does not own the model).</summary>
    /// <param name="model">A trained UNet.</param>
    /// <param name="diffusion">The base process (for q_sample); its step count bounds the steps.</param>
    /// <param name="options">Steps, blocks, seed.</param>
    /// <exception cref="TesseraArgumentException">A step or block is out of range, or none is given.</exception>
    public DdpmFeatureExtractor(UNetModel model, GaussianDiffusion diffusion, FeatureExtractorOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(diffusion);
        ArgumentNullException.ThrowIfNull(options);
        Guard.That(options.Steps.Length > 0, nameof(options), "at least one step is required");
        Guard.That(options.Blocks.Length > 0, nameof(options), "at least one block is required");
        foreach (var s in options.Steps)
        {
            Guard.That(s >= 0 && s < diffusion.NumTimesteps, nameof(options), $"step {s} is outside [0, {diffusion.NumTimesteps})");
        }
        foreach (var b in options.Blocks)
        {
            Guard.That(b >= 0 && b < model.OutputBlockCount, nameof(options), $"block {b} is outside [0, {model.OutputBlockCount}) (the UNet has {model.OutputBlockCount} decoder blocks)");
        }
        _model = model;
        _diffusion = diffusion;
        Options = options;
    }

    /// <summary>The options.</summary>
    public FeatureExtractorOptions Options { get; }

    /// <summary>The feature width D for this model (sum of the chosen blocks' channels, times the number of steps).</summary>
    public int FeatureDim
    {
        get
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var probeSize = 1 << Math.Max(0, _model.Config.ChannelMult.Length - 1);
            var x = zeros(1, _model.Config.InChannels, probeSize, probeSize);
            var acts = _model.DecoderActivations(x, zeros(1), Options.Blocks);
            return (int)acts.Sum(a => a.shape[1]) * Options.Steps.Length;
        }
    }

    /// <summary>The shared noise image for an image of this size: <c>torch.randn(1, C, H, W, generator=Generator().manual_seed(seed))</c>.</summary>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <returns>A new float32 [1, C, H, W] tensor.</returns>
    public Tensor Noise(int height, int width)
    {
        using var generator = new Generator((ulong)Options.Seed);
        return randn([1, _model.Config.InChannels, height, width], ScalarType.Float32, generator: generator);
    }

    /// <summary>The raw decoder activations in (step, block) order (<c>FeatureExtractorDDPM.forward</c>).</summary>
    /// <param name="image">[1, C, H, W] in [−1, 1].</param>
    /// <param name="noise">[1, C, H, W] shared noise.</param>
    /// <returns>New tensors [1, Cᵢ, hᵢ, wᵢ].</returns>
    public IReadOnlyList<Tensor> Activations(Tensor image, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(noise);
        Guard.That(image.dim() == 4 && image.shape[0] == 1, nameof(image), "must be [1, C, H, W]");
        using var noGrad = no_grad();
        var result = new List<Tensor>();
        foreach (var step in Options.Steps)
        {
            using var scope = NewDisposeScope();
            var t = tensor(new long[] { step });
            var noisy = _diffusion.QSample(image, t, noise);
            // the extractor feeds the integer step (SpacedDiffusion._scale_timesteps is the identity)
            var acts = _model.DecoderActivations(noisy, t.to_type(ScalarType.Float32), Options.Blocks);
            foreach (var a in acts) { result.Add(a.MoveToOuterDisposeScope()); }
        }
        return result;
    }

    /// <summary>Upsamples activations to H×W and concatenates them (<c>collect_features</c>).</summary>
    /// <param name="activations">[1, Cᵢ, hᵢ, wᵢ] each.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <returns>A new [D, H, W] tensor.</returns>
    public Tensor Collect(IReadOnlyList<Tensor> activations, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(activations);
        using var scope = NewDisposeScope();
        var mode = Options.Bilinear ? InterpolationMode.Bilinear : InterpolationMode.Nearest;
        var resized = activations.Select(a => nn.functional.interpolate(a, size: [height, width], mode: mode,
            align_corners: Options.Bilinear ? false : null)[0]).ToList();
        return cat(resized, 0).MoveToOuterDisposeScope();
    }

    /// <summary>The [D, H, W] features of one image (noise from <see cref="FeatureExtractorOptions.Seed"/>).</summary>
    /// <param name="image">[1, C, H, W] in [−1, 1].</param>
    /// <returns>A new tensor.</returns>
    public Tensor Features(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        var noise = Noise((int)image.shape[2], (int)image.shape[3]);
        return Features(image, noise).MoveToOuterDisposeScope();
    }

    /// <summary>The [D, H, W] features of one image with the given noise.</summary>
    /// <param name="image">[1, C, H, W].</param>
    /// <param name="noise">[1, C, H, W].</param>
    /// <returns>A new tensor.</returns>
    public Tensor Features(Tensor image, Tensor noise)
    {
        using var scope = NewDisposeScope();
        var acts = Activations(image, noise);
        return Collect(acts, (int)image.shape[2], (int)image.shape[3]).MoveToOuterDisposeScope();
    }
}
