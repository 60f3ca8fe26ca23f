using Tessera.Core.Errors;

namespace Tessera.Dense.ClipSeg;

/// <summary>
/// One visual-prompt-engineering recipe (clipseg <c>evaluation_utils.img_preprocess</c>): the background (mask = 0) is
/// blurred and/or darkened, then the image may be cropped to the object, and a constant may be subtracted.
/// </summary>
public sealed record VisualPromptOptions
{
    /// <summary>Gaussian sigma of the background blur (15 × 15 kernel, reflect-101 border); 0 = no blur.</summary>
    public double Blur { get; init; }

    /// <summary>Background intensity factor (<c>bg_fac</c>): 1 keeps it, 0.1 darkens to 10 %.</summary>
    public double BackgroundFactor { get; init; } = 1;

    /// <summary>Crop to the object widened by this fraction of its extent (<c>center_context</c>); null = no crop.</summary>
    public double? CropContext { get; init; }

    /// <summary>Side of the square the crop is resized to (nearest neighbour).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Constant subtracted from the result (the "highlight" modes use 0.01).</summary>
    public double Shift { get; init; }

    /// <summary>Background intensity 10 % (<c>img_preprocess(bg_fac=0.1)</c>).</summary>
    public static VisualPromptOptions DarkenBackground { get; } = new() { BackgroundFactor = 0.1 };

    /// <summary>Background blur (<c>img_preprocess(blur=3)</c>).</summary>
    public static VisualPromptOptions BlurBackground { get; } = new() { Blur = 3 };

    /// <summary>The recipe of a <c>blend_image_segmentation</c> mode.</summary>
    /// <param name="mode"><c>blur_highlight</c>, <c>blur3_highlight</c>, <c>blur3_highlight01</c>, <c>crop</c>,
    /// <c>crop_blur_highlight</c> (the training mode: blur 3, crop with context 0.1, background 10 %).</param>
    /// <param name="imageSize">Output side for the cropping modes.</param>
    /// <returns>The options.</returns>
    /// <exception cref="TesseraArgumentException">Unknown mode.</exception>
    public static VisualPromptOptions ForMode(string mode, int imageSize = 224) => mode switch
    {
        "blur_highlight" => new() { Blur = 1, BackgroundFactor = 0.5, Shift = 0.01 },
        "blur3_highlight" => new() { Blur = 3, BackgroundFactor = 0.5, Shift = 0.01 },
        "blur3_highlight01" => new() { Blur = 3, BackgroundFactor = 0.1, Shift = 0.01 },
        "crop" => new() { Blur = 1, CropContext = 0.1, ImageSize = imageSize },
        "crop_blur_highlight" => new() { Blur = 3, CropContext = 0.1, BackgroundFactor = 0.1, ImageSize = imageSize },
        "crop_blur_highlight352" => new() { Blur = 3, CropContext = 0.1, BackgroundFactor = 0.1, ImageSize = 352 },
        _ => throw new TesseraArgumentException(nameof(mode),
            $"must be blur_highlight, blur3_highlight, blur3_highlight01, crop, crop_blur_highlight or crop_blur_highlight352 (got '{mode}')"),
    };

    /// <summary>Checks the values.</summary>
    /// <exception cref="TesseraArgumentException">Names the property and the rule.</exception>
    public void Validate()
    {
        Guard.That(double.IsFinite(Blur) && Blur >= 0, nameof(Blur), "must be finite and ≥ 0");
        Guard.That(double.IsFinite(BackgroundFactor), nameof(BackgroundFactor), "must be finite");
        Guard.That(CropContext is null || (double.IsFinite(CropContext.Value) && CropContext.Value >= 0), nameof(CropContext), "must be finite and ≥ 0");
        Guard.That(ImageSize > 0, nameof(ImageSize), "must be positive");
        Guard.That(double.IsFinite(Shift), nameof(Shift), "must be finite");
    }
}
