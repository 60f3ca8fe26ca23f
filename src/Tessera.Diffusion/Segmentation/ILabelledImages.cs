using static TorchSharp.torch;

namespace Tessera.Diffusion.Segmentation;

/// <summary>A set of labelled images read one at a time (so features never have to exist for the whole set).</summary>
public interface ILabelledImages
{
    /// <summary>Number of images.</summary>
    int Count { get; }

    /// <summary>Loads image <paramref name="index"/>: [1, C, H, W] in [−1, 1] and int64 labels [H, W] (the caller owns both).</summary>
    /// <param name="index">0-based index.</param>
    /// <returns>The image and its labels.</returns>
    (Tensor Image, Tensor Labels) Load(int index);
}
