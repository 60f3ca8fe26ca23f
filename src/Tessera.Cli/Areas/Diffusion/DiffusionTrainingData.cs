using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Data.Digits;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>The training images of <c>diffusion train</c>: a folder (<c>--images</c>) or an MNIST split (<c>--digits</c>).</summary>
internal static class DiffusionTrainingData
{
    /// <summary>Reads the images as [N, C, size, size] in [−1, 1] (digits centred on a black canvas, like image files).</summary>
    public static Tensor Load(string? images, string? digits, int maxImages, int channels, int size, CliConsole console)
    {
        if (digits is not null)
        {
            var set = LoadDigits(digits, "--digits");
            var n = maxImages > 0 ? Math.Min(maxImages, set.Count) : set.Count;
            console.Info($"{n} MNIST digits ({digits} split) from {MnistDigits.DefaultDirectory}");
            return DigitTensors(set, n, channels, size);
        }
        var files = DiffusionImages.List(images!, "--images");
        if (maxImages > 0) { files = [.. files.Take(maxImages)]; }
        console.Info($"{files.Count} images from {images}");
        return stack(files.Select(f => DiffusionImages.Load(f, channels, size)).ToList());
    }

    /// <summary>Loads an MNIST split named train, test or all (<paramref name="option"/> names the argument in errors).</summary>
    public static DigitSet LoadDigits(string split, string option)
    {
        var which = split switch
        {
            "train" => DigitSplit.Train,
            "test" => DigitSplit.Test,
            "all" => DigitSplit.All,
            _ => throw new TesseraArgumentException(option, $"must be train, test or all (got '{split}')"),
        };
        if (!MnistDigits.IsAvailable())
        {
            throw new TesseraArgumentException(option, $"the MNIST digits are not in '{MnistDigits.DefaultDirectory}': {MnistDigits.HowToGet}");
        }
        return MnistDigits.Load(which);
    }

    /// <summary>The first <paramref name="count"/> digits as [count, C, size, size] in [−1, 1], centred on a black canvas.</summary>
    public static Tensor DigitTensors(DigitSet set, int count, int channels, int size)
    {
        Guard.That(size >= DigitSet.Side, "--image-size", $"must be ≥ {DigitSet.Side} for MNIST digits (got {size})");
        using var scope = NewDisposeScope();
        var side = DigitSet.Side;
        var bytes = new byte[count * side * side];
        for (var i = 0; i < count; i++) { set.PixelsOf(i).CopyTo(bytes.AsSpan(i * side * side)); }
        var digits = (tensor(bytes, [count, 1, side, side]).to_type(ScalarType.Float32) / 127.5f) - 1;
        var pad = (size - side) / 2;
        var canvas = full(new long[] { count, 1, size, size }, -1f);
        canvas[.., .., TensorIndex.Slice(pad, pad + side), TensorIndex.Slice(pad, pad + side)] = digits;
        return (channels == 1 ? canvas : canvas.expand(-1, channels, -1, -1).contiguous()).MoveToOuterDisposeScope();
    }
}
