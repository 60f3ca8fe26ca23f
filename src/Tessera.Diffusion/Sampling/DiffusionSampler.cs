using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Sampling;

/// <summary>
/// Generates images with a trained UNet: ancestral or DDIM steps on the full or a respaced schedule, in batches, with
/// noise drawn per sample from seeded streams so the images do not depend on the batch size.
/// </summary>
public static class DiffusionSampler
{
    /// <summary>Samples <see cref="SamplingOptions.Count"/> images.</summary>
    /// <param name="model">The network (eval mode is set here).</param>
    /// <param name="process">The training process's options (the respacing comes from <paramref name="options"/>).</param>
    /// <param name="imageShape">[C, H, W].</param>
    /// <param name="options">Count, batch size, seed, respacing, DDIM.</param>
    /// <param name="progress">Reports images done.</param>
    /// <param name="cancellationToken">Checked before each step.</param>
    /// <returns>A new [Count, C, H, W] tensor in [−1, 1] (clipped predictions; the final sample may exceed slightly).</returns>
    /// <exception cref="TesseraArgumentException">An option is invalid (count, batch, respacing, classes).</exception>
    public static Tensor Sample(UNetModel model, DiffusionOptions process, long[] imageShape, SamplingOptions options,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(imageShape);
        ArgumentNullException.ThrowIfNull(options);
        Guard.Positive(options.Count);
        Guard.Positive(options.BatchSize);
        Guard.That(imageShape.Length == 3, nameof(imageShape), "must be [C, H, W]");
        Guard.That(options.Classes is null || options.Classes.Count == options.Count, nameof(options), "Classes must have one label per image");
        var diffusion = GaussianDiffusion.Create(process with { TimestepRespacing = options.Respacing });
        model.eval();
        var parts = new List<Tensor>();
        using var scope = NewDisposeScope();
        for (var first = 0; first < options.Count; first += options.BatchSize)
        {
            var n = Math.Min(options.BatchSize, options.Count - first);
            using var noise = new PerSampleNoise(options.Seed, first, n);
            var labels = options.Classes is null ? null : tensor(options.Classes.Skip(first).Take(n).ToArray());
            Denoiser denoiser = labels is null ? (x, t) => model.Forward(x, t) : (x, t) => model.Forward(x, t, labels);
            long[] shape = [n, .. imageShape];
            var batch = options.Ddim
                ? diffusion.DdimSampleLoop(denoiser, shape, noise, options.Eta, options.ClipDenoised, cancellationToken: cancellationToken)
                : diffusion.PSampleLoop(denoiser, shape, noise, options.ClipDenoised, cancellationToken: cancellationToken);
            parts.Add(batch);
            progress?.Report(new ProgressReport("sample", first + n, options.Count));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }
}
