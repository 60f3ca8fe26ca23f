using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Weather;

/// <summary>Parameters of <see cref="RandomSunFlare"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Circles">Flare circles.</param>
/// <param name="FlareCenterX">Sun centre column.</param>
/// <param name="FlareCenterY">Sun centre row.</param>
public sealed record RandomSunFlareParams(IReadOnlyList<SunFlareCircle> Circles, int FlareCenterX, int FlareCenterY);

/// <summary>Draws a sun flare: translucent circles along a line and a bright graded disc (RGB) (albumentations <c>RandomSunFlare</c>).</summary>
public sealed class RandomSunFlare : ImageOnlyTransform<RandomSunFlareParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="flareRoi">Region of the sun centre as fractions (<c>flare_roi</c>, default (0, 0, 1, 0.5)).</param>
    /// <param name="angleLower">Lowest angle as a fraction of a turn (<c>angle_lower</c>).</param>
    /// <param name="angleUpper">Highest angle (<c>angle_upper</c>).</param>
    /// <param name="numFlareCirclesLower">Fewest circles (<c>num_flare_circles_lower</c>).</param>
    /// <param name="numFlareCirclesUpper">Most circles (<c>num_flare_circles_upper</c>).</param>
    /// <param name="srcRadius">Sun disc radius (<c>src_radius</c>).</param>
    /// <param name="srcColor">Sun colour (<c>src_color</c>, default (255, 255, 255)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomSunFlare(IReadOnlyList<double>? flareRoi = null, double angleLower = 0, double angleUpper = 1, int numFlareCirclesLower = 6, int numFlareCirclesUpper = 10, int srcRadius = 400, IReadOnlyList<int>? srcColor = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(flareRoi is null || (flareRoi.Count == 4 && flareRoi.All(v => v is >= 0 and <= 1) && flareRoi[0] <= flareRoi[2] && flareRoi[1] <= flareRoi[3]), nameof(flareRoi), "must be (x_min, y_min, x_max, y_max) in [0, 1] with min ≤ max");
        Guard.That(angleLower >= 0 && angleLower <= angleUpper && angleUpper <= 1, nameof(angleLower), "must satisfy 0 ≤ lower ≤ upper ≤ 1");
        Guard.That(numFlareCirclesLower >= 0 && numFlareCirclesLower <= numFlareCirclesUpper, nameof(numFlareCirclesLower), "must satisfy 0 ≤ lower ≤ upper");
        Guard.That(srcRadius >= 1, nameof(srcRadius), "must be positive");
        Guard.That(srcColor is null || srcColor.Count == 3, nameof(srcColor), "must hold three values");
        FlareRoi = flareRoi ?? [0, 0, 1, 0.5];
        AngleLower = angleLower;
        AngleUpper = angleUpper;
        NumFlareCirclesLower = numFlareCirclesLower;
        NumFlareCirclesUpper = numFlareCirclesUpper;
        SrcRadius = srcRadius;
        SrcColor = srcColor ?? [255, 255, 255];
    }

    /// <summary>Region of the sun centre as fractions (<c>flare_roi</c>, default (0, 0, 1, 0.5)).</summary>
    public IReadOnlyList<double> FlareRoi { get; }

    /// <summary>Lowest angle as a fraction of a turn (<c>angle_lower</c>).</summary>
    public double AngleLower { get; }

    /// <summary>Highest angle (<c>angle_upper</c>).</summary>
    public double AngleUpper { get; }

    /// <summary>Fewest circles (<c>num_flare_circles_lower</c>).</summary>
    public int NumFlareCirclesLower { get; }

    /// <summary>Most circles (<c>num_flare_circles_upper</c>).</summary>
    public int NumFlareCirclesUpper { get; }

    /// <summary>Sun disc radius (<c>src_radius</c>).</summary>
    public int SrcRadius { get; }

    /// <summary>Sun colour (<c>src_color</c>, default (255, 255, 255)).</summary>
    public IReadOnlyList<int> SrcColor { get; }

    /// <inheritdoc />
    public override string Name => "RandomSunFlare";

    /// <inheritdoc />
    public override RandomSunFlareParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var img = context.Image;
        int h = img.Height, w = img.Width;
        var angle = 2 * Math.PI * random.Uniform(AngleLower, AngleUpper);
        var cx = (int)(w * random.Uniform(FlareRoi[0], FlareRoi[2]));
        var cy = (int)(h * random.Uniform(FlareRoi[1], FlareRoi[3]));
        var n = random.NextInt(NumFlareCirclesLower, NumFlareCirclesUpper + 1);
        var xs = new List<double>();
        var ys = new List<double>();
        for (var t = -cx; t < w - cx; t += 10)
        {
            xs.Add(cx + (t * Math.Cos(angle)));
            ys.Add(cy + (t * Math.Sin(angle)));
        }
        var circles = new List<SunFlareCircle>();
        for (var i = 0; i < n && xs.Count > 0; i++)
        {
            var alpha = random.Uniform(0.05, 0.2);
            var r = random.NextInt(0, xs.Count);
            var rad = random.NextInt(1, Math.Max((h / 100) - 2, 2) + 1);
            var cr = random.NextInt(Math.Max(SrcColor[0] - 50, 0), SrcColor[0] + 1);
            var cg = random.NextInt(Math.Max(SrcColor[1] - 50, 0), SrcColor[1] + 1);
            var cb = random.NextInt(Math.Max(SrcColor[2] - 50, 0), SrcColor[2] + 1);
            circles.Add(new SunFlareCircle(alpha, (int)xs[r], (int)ys[r], rad * rad * rad, cr, cg, cb));
        }
        return new(circles, cx, cy);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomSunFlareParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return WeatherKernels.SunFlare(image, parameters.FlareCenterX, parameters.FlareCenterY, SrcRadius, SrcColor, parameters.Circles);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.AddFill("flare_roi", FlareRoi.ToArray());
        writer.Add("angle_lower", AngleLower);
        writer.Add("angle_upper", AngleUpper);
        writer.Add("num_flare_circles_lower", NumFlareCirclesLower);
        writer.Add("num_flare_circles_upper", NumFlareCirclesUpper);
        writer.Add("src_radius", SrcRadius);
        writer.AddFill("src_color", SrcColor.Select(c => (double)c).ToArray());
    }

    internal override RandomSunFlareParams ReadParams(JsonObject node, ParamsContext context)
    {
        var list = node["circles"] as JsonArray;
        Guard.That(list is not null, "RandomSunFlare.params.circles", "must be a list");
        var circles = list.Select(c =>
        {
            var a = (JsonArray)c!;
            var pt = (JsonArray)a[1]!;
            var col = (JsonArray)a[3]!;
            return new SunFlareCircle(a[0]!.GetValue<double>(), pt[0]!.GetValue<int>(), pt[1]!.GetValue<int>(), a[2]!.GetValue<int>(),
                col[0]!.GetValue<int>(), col[1]!.GetValue<int>(), col[2]!.GetValue<int>());
        }).ToList();
        return new(circles, node["flare_center_x"]!.GetValue<int>(), node["flare_center_y"]!.GetValue<int>());
    }

    internal override JsonNode WriteParams(RandomSunFlareParams parameters)
        => new JsonObject
        {
            ["circles"] = new JsonArray(parameters.Circles.Select(c => (JsonNode)new JsonArray(c.Alpha, new JsonArray(c.X, c.Y), c.Radius, new JsonArray(c.R, c.G, c.B))).ToArray()),
            ["flare_center_x"] = parameters.FlareCenterX,
            ["flare_center_y"] = parameters.FlareCenterY,
        };
}
