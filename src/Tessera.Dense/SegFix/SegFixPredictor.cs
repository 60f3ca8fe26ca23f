using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Runtime;
using TorchSharp;

namespace Tessera.Dense.SegFix;

/// <summary>
/// Inference with a trained <see cref="SegFixNet"/>: image → boundary probability, direction bins and offsets. The
/// predictor owns the network; each call runs in eval mode under <c>no_grad</c> inside its own dispose scope.
/// </summary>
public sealed class SegFixPredictor : IDisposable
{
    private readonly SegFixNet _net;

    /// <summary>Wraps a network (the predictor takes ownership and switches it to eval mode).</summary>
    /// <param name="net">The network.</param>
    public SegFixPredictor(SegFixNet net)
    {
        ArgumentNullException.ThrowIfNull(net);
        TorchRuntime.EnsureLoaded();
        _net = net;
        _net.eval();
    }

    /// <summary>Loads a weight file written by <see cref="SegFixWeights.Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The predictor.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">Not a SegFix weight file, or its keys do not match.</exception>
    public static SegFixPredictor Load(string path) => new(SegFixWeights.Load(path));

    /// <summary>The network's configuration.</summary>
    public SegFixConfig Config => _net.Config;

    /// <summary>Predicts one image.</summary>
    /// <param name="image">uint8 image with the configured channel count, at least 2×2.</param>
    /// <returns>Boundary probability, direction bins and offsets at the image size.</returns>
    /// <exception cref="TesseraArgumentException">Wrong pixel type, channel count or size.</exception>
    /// <exception cref="ObjectDisposedException">The predictor was disposed.</exception>
    public SegFixPrediction Predict(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Guard.That(image.Height >= 2 && image.Width >= 2, nameof(image), $"must be at least 2×2 (got {image.Height}×{image.Width})");
        var input = SegFixInput.Normalize(image, _net.Config);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.tensor(input, [1, _net.Config.InChannels, image.Height, image.Width]);
        return SegFixOffsets.FromLogits(_net.forward(x));
    }

    private bool _disposed;

    /// <summary>Disposes the network.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _net.Dispose();
            _disposed = true;
        }
    }
}
