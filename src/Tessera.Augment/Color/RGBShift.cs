using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="RGBShift"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="RShift">Red offset.</param>
/// <param name="GShift">Green offset.</param>
/// <param name="BShift">Blue offset.</param>
public sealed record RGBShiftParams(double RShift, double GShift, double BShift);

/// <summary>Adds a random offset to each of the R, G and B channels (albumentations <c>RGBShift</c>).</summary>
public sealed class RGBShift : ImageOnlyTransform<RGBShiftParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="rShiftLimit">Red range (<c>r_shift_limit</c>, default ±20).</param>
    /// <param name="gShiftLimit">Green range (<c>g_shift_limit</c>, default ±20).</param>
    /// <param name="bShiftLimit">Blue range (<c>b_shift_limit</c>, default ±20).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RGBShift(Limit? rShiftLimit = null, Limit? gShiftLimit = null, Limit? bShiftLimit = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var rShiftLimitRange = (rShiftLimit ?? (-20, 20)).Symmetric();
        var gShiftLimitRange = (gShiftLimit ?? (-20, 20)).Symmetric();
        var bShiftLimitRange = (bShiftLimit ?? (-20, 20)).Symmetric();
        RShiftLimit = rShiftLimitRange;
        GShiftLimit = gShiftLimitRange;
        BShiftLimit = bShiftLimitRange;
    }

    /// <summary>Red range (<c>r_shift_limit</c>, default ±20).</summary>
    public (double Low, double High) RShiftLimit { get; }

    /// <summary>Green range (<c>g_shift_limit</c>, default ±20).</summary>
    public (double Low, double High) GShiftLimit { get; }

    /// <summary>Blue range (<c>b_shift_limit</c>, default ±20).</summary>
    public (double Low, double High) BShiftLimit { get; }

    /// <inheritdoc />
    public override string Name => "RGBShift";

    /// <inheritdoc />
    public override RGBShiftParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(RShiftLimit.Low, RShiftLimit.High), random.Uniform(GShiftLimit.Low, GShiftLimit.High), random.Uniform(BShiftLimit.Low, BShiftLimit.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RGBShiftParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        PixelCv.RequireRgb(image, Name);
        PixelCv.RequireUInt8OrFloat(image, Name);
        double[] shifts = [parameters.RShift, parameters.GShift, parameters.BShift];
        if (image.PixelType == PixelType.UInt8)
        {
            var luts = new byte[3][];
            for (var c = 0; c < 3; c++)
            {
                luts[c] = new byte[256];
                var v = (float)shifts[c];
                for (var i = 0; i < 256; i++)
                {
                    luts[c][i] = PixelCv.ClipTruncate(i + v);
                }
            }
            return PixelCv.LutPerChannel(image, luts);
        }
        var dst = Image.CreateLike(image);
        var s = image.Pixels<float>();
        var d = dst.Pixels<float>();
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = PixelCv.Clip01(s[i] + (float)shifts[i % 3]);
        }
        return dst;
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("r_shift_limit", RShiftLimit);
        writer.Add("g_shift_limit", GShiftLimit);
        writer.Add("b_shift_limit", BShiftLimit);
    }
}
