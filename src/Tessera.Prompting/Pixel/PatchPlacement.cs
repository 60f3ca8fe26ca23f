using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Pixel;

/// <summary>Builds a zero prompt with a patch at a location, differentiably (zero padding around the patch).</summary>
internal static class PatchPlacement
{
    /// <summary>A <c>[1, 3, S, S]</c> prompt holding <paramref name="patch"/> at <paramref name="location"/>.</summary>
    public static Tensor Place(Tensor patch, int imageSize, PatchLocation location)
    {
        var p = (int)patch.shape[^1];
        Guard.That(location.Row >= 0 && location.Row + p <= imageSize, nameof(location), $"row {location.Row} must lie in [0, {imageSize - p}]");
        Guard.That(location.Col >= 0 && location.Col + p <= imageSize, nameof(location), $"column {location.Col} must lie in [0, {imageSize - p}]");
        // pad order: (left, right, top, bottom) of the last two dimensions.
        return nn.functional.pad(patch, [location.Col, imageSize - p - location.Col, location.Row, imageSize - p - location.Row]);
    }
}
