namespace Tessera.Augment.Targets;

/// <summary>The size of the image a transform sees: rows, columns and channels.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Channels">Channels per pixel.</param>
public readonly record struct ImageShape(int Height, int Width, int Channels)
{
    /// <summary>The shape of an image.</summary>
    /// <param name="image">The image.</param>
    /// <returns>Its shape.</returns>
    public static ImageShape Of(Tessera.Core.Imaging.Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new ImageShape(image.Height, image.Width, image.Channels);
    }
}
