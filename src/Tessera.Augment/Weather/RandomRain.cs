using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Weather;

/// <summary>Parameters of <see cref="RandomRain"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="DropLength">Streak length.</param>
/// <param name="Slant">Horizontal slant of a streak.</param>
/// <param name="RainDrops">Streak start points (x, y).</param>
public sealed record RandomRainParams(int DropLength, int Slant, int[][] RainDrops);

/// <summary>Draws slanted rain streaks, blurs and darkens (RGB) (albumentations <c>RandomRain</c>).</summary>
public sealed class RandomRain : ImageOnlyTransform<RandomRainParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="slantLower">Lowest slant (<c>slant_lower</c>).</param>
    /// <param name="slantUpper">Highest slant (<c>slant_upper</c>).</param>
    /// <param name="dropLength">Streak length (<c>drop_length</c>).</param>
    /// <param name="dropWidth">Streak width (<c>drop_width</c>).</param>
    /// <param name="dropColor">Streak colour (<c>drop_color</c>, default (200, 200, 200)).</param>
    /// <param name="blurValue">Box blur size (<c>blur_value</c>).</param>
    /// <param name="brightnessCoefficient">Value multiplier (<c>brightness_coefficient</c>).</param>
    /// <param name="rainType">null, "drizzle", "heavy" or "torrential" (<c>rain_type</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomRain(int slantLower = -10, int slantUpper = 10, int dropLength = 20, int dropWidth = 1, IReadOnlyList<int>? dropColor = null, int blurValue = 7, double brightnessCoefficient = 0.7, string? rainType = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(slantLower >= -20 && slantLower <= slantUpper && slantUpper <= 20, nameof(slantLower), "must satisfy -20 ≤ lower ≤ upper ≤ 20");
        Guard.That(dropWidth is >= 1 and <= 5, nameof(dropWidth), "must lie in [1, 5]");
        Guard.That(dropLength is >= 0 and <= 100, nameof(dropLength), "must lie in [0, 100]");
        Guard.That(brightnessCoefficient is >= 0 and <= 1, nameof(brightnessCoefficient), "must lie in [0, 1]");
        Guard.That(blurValue >= 1, nameof(blurValue), "must be at least 1");
        Guard.That(rainType is null or "drizzle" or "heavy" or "torrential", nameof(rainType), "must be null, drizzle, heavy or torrential");
        Guard.That(dropColor is null || dropColor.Count == 3, nameof(dropColor), "must hold three values");
        SlantLower = slantLower;
        SlantUpper = slantUpper;
        DropLength = dropLength;
        DropWidth = dropWidth;
        DropColor = dropColor ?? [200, 200, 200];
        BlurValue = blurValue;
        BrightnessCoefficient = brightnessCoefficient;
        RainType = rainType;
    }

    /// <summary>Lowest slant (<c>slant_lower</c>).</summary>
    public int SlantLower { get; }

    /// <summary>Highest slant (<c>slant_upper</c>).</summary>
    public int SlantUpper { get; }

    /// <summary>Streak length (<c>drop_length</c>).</summary>
    public int DropLength { get; }

    /// <summary>Streak width (<c>drop_width</c>).</summary>
    public int DropWidth { get; }

    /// <summary>Streak colour (<c>drop_color</c>, default (200, 200, 200)).</summary>
    public IReadOnlyList<int> DropColor { get; }

    /// <summary>Box blur size (<c>blur_value</c>).</summary>
    public int BlurValue { get; }

    /// <summary>Value multiplier (<c>brightness_coefficient</c>).</summary>
    public double BrightnessCoefficient { get; }

    /// <summary>null, "drizzle", "heavy" or "torrential" (<c>rain_type</c>).</summary>
    public string? RainType { get; }

    /// <inheritdoc />
    public override string Name => "RandomRain";

    /// <inheritdoc />
    public override RandomRainParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var img = context.Image;
        var slant = (int)random.Uniform(SlantLower, SlantUpper);
        int h = img.Height, w = img.Width;
        var area = h * w;
        var (count, length) = RainType switch
        {
            "drizzle" => (area / 770, 10),
            "heavy" => (area / 600, 30),
            "torrential" => (area / 500, 60),
            _ => (area / 600, DropLength),
        };
        var drops = new int[count][];
        for (var i = 0; i < count; i++)
        {
            var x = slant < 0 ? random.NextInt(slant, w + 1) : random.NextInt(0, w - slant + 1);
            var y = random.NextInt(0, Math.Max(0, h - length) + 1);
            drops[i] = [x, y];
        }
        return new(length, slant, drops);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomRainParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return WeatherKernels.Rain(image, parameters.Slant, parameters.DropLength, DropWidth, DropColor, BlurValue, BrightnessCoefficient, parameters.RainDrops);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("slant_lower", SlantLower);
        writer.Add("slant_upper", SlantUpper);
        writer.Add("drop_length", DropLength);
        writer.Add("drop_width", DropWidth);
        writer.AddFill("drop_color", DropColor.Select(c => (double)c).ToArray());
        writer.Add("blur_value", BlurValue);
        writer.Add("brightness_coefficient", BrightnessCoefficient);
        writer.Add("rain_type", RainType);
    }
}
