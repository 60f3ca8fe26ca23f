using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>
/// Parameters of <see cref="PadIfNeeded"/>: the padding per side. albumentations 1.3.1 computes them from the
/// image size at apply time and does not record them, so a replay may leave them null: they are then
/// computed from the input shape (with the <c>random</c> position, a null replay pads centred).
/// </summary>
/// <param name="PadTop">Rows added on top.</param>
/// <param name="PadBottom">Rows added at the bottom.</param>
/// <param name="PadLeft">Columns added on the left.</param>
/// <param name="PadRight">Columns added on the right.</param>
public sealed record PadIfNeededParams(int? PadTop = null, int? PadBottom = null, int? PadLeft = null, int? PadRight = null);

/// <summary>
/// Pads to at least <c>min_height</c>×<c>min_width</c> (or to multiples of the divisors) with an OpenCV border
/// (albumentations <c>PadIfNeeded</c>); <see cref="Position"/> places the image (center, top_left, top_right,
/// bottom_left, bottom_right, random).
/// </summary>
public sealed class PadIfNeeded : DualTransform<PadIfNeededParams>
{
    private static readonly string[] Positions = ["center", "top_left", "top_right", "bottom_left", "bottom_right", "random"];

    /// <summary>Creates the transform.</summary>
    /// <param name="minHeight">Minimum output rows (exclusive with <paramref name="padHeightDivisor"/>).</param>
    /// <param name="minWidth">Minimum output columns (exclusive with <paramref name="padWidthDivisor"/>).</param>
    /// <param name="padHeightDivisor">Pad rows to a multiple of this.</param>
    /// <param name="padWidthDivisor">Pad columns to a multiple of this.</param>
    /// <param name="position">Where the image goes.</param>
    /// <param name="borderMode">OpenCV border mode.</param>
    /// <param name="value">Image fill for constant borders.</param>
    /// <param name="maskValue">Mask fill for constant borders.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    /// <exception cref="TesseraArgumentException">Both or neither of a minimum and a divisor are set, or another argument is invalid.</exception>
    public PadIfNeeded(int? minHeight = 1024, int? minWidth = 1024, int? padHeightDivisor = null, int? padWidthDivisor = null,
        string position = "center", BorderMode borderMode = BorderMode.Reflect101, double[]? value = null, double[]? maskValue = null, double p = 1.0, bool alwaysApply = false)
        : base(p, alwaysApply)
    {
        Guard.That(minHeight is null != padHeightDivisor is null, nameof(minHeight), "exactly one of min_height and pad_height_divisor must be set");
        Guard.That(minWidth is null != padWidthDivisor is null, nameof(minWidth), "exactly one of min_width and pad_width_divisor must be set");
        Guard.That(minHeight is null or > 0 && minWidth is null or > 0, nameof(minHeight), "minimum sizes must be positive");
        Guard.That(padHeightDivisor is null or > 0 && padWidthDivisor is null or > 0, nameof(padHeightDivisor), "divisors must be positive");
        Guard.That(Positions.Contains(position), nameof(position), $"must be one of {string.Join(", ", Positions)} (got '{position}')");
        MinHeight = minHeight;
        MinWidth = minWidth;
        PadHeightDivisor = padHeightDivisor;
        PadWidthDivisor = padWidthDivisor;
        Position = position;
        BorderMode = CvFlags.CheckBorder(borderMode, nameof(borderMode));
        Value = value;
        MaskValue = maskValue;
    }

    /// <inheritdoc />
    public override string Name => "PadIfNeeded";

    /// <summary>Minimum rows.</summary>
    public int? MinHeight { get; }

    /// <summary>Minimum columns.</summary>
    public int? MinWidth { get; }

    /// <summary>Row divisor.</summary>
    public int? PadHeightDivisor { get; }

    /// <summary>Column divisor.</summary>
    public int? PadWidthDivisor { get; }

    /// <summary>Image placement.</summary>
    public string Position { get; }

    /// <summary>Border mode.</summary>
    public BorderMode BorderMode { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double>? Value { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double>? MaskValue { get; }

    /// <inheritdoc />
    public override PadIfNeededParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return Compute(context.Shape.Height, context.Shape.Width, random);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, PadIfNeededParams parameters) => Pad(image, parameters, Value?.ToArray());

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, PadIfNeededParams parameters) => Pad(mask, parameters, MaskValue?.ToArray());

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, PadIfNeededParams parameters, ImageShape shape)
    {
        var p = Resolve(parameters, shape.Height, shape.Width);
        double w = shape.Width, h = shape.Height;
        double nw = w + p.PadLeft!.Value + p.PadRight!.Value, nh = h + p.PadTop!.Value + p.PadBottom!.Value;
        return box with
        {
            XMin = ((box.XMin * w) + p.PadLeft.Value) / nw,
            YMin = ((box.YMin * h) + p.PadTop.Value) / nh,
            XMax = ((box.XMax * w) + p.PadLeft.Value) / nw,
            YMax = ((box.YMax * h) + p.PadTop.Value) / nh,
        };
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, PadIfNeededParams parameters, ImageShape shape)
    {
        var p = Resolve(parameters, shape.Height, shape.Width);
        return keypoint with { X = keypoint.X + p.PadLeft!.Value, Y = keypoint.Y + p.PadTop!.Value };
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("min_height", MinHeight);
        writer.Add("min_width", MinWidth);
        writer.Add("pad_height_divisor", PadHeightDivisor);
        writer.Add("pad_width_divisor", PadWidthDivisor);
        writer.Add("border_mode", BorderMode);
        writer.AddFill("value", Value?.ToArray());
        writer.AddFill("mask_value", MaskValue?.ToArray());
        writer.Add("position", Position);
    }

    private Image Pad(Image image, PadIfNeededParams parameters, double[]? fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        var p = Resolve(parameters, image.Height, image.Width);
        if (p.PadTop == 0 && p.PadBottom == 0 && p.PadLeft == 0 && p.PadRight == 0)
        {
            return image.Clone();
        }
        return CvImage.CopyMakeBorder(image, p.PadTop!.Value, p.PadBottom!.Value, p.PadLeft!.Value, p.PadRight!.Value, BorderMode, fill);
    }

    private PadIfNeededParams Resolve(PadIfNeededParams? p, int rows, int cols)
    {
        if (p is { PadTop: not null, PadBottom: not null, PadLeft: not null, PadRight: not null })
        {
            Guard.That(p.PadTop >= 0 && p.PadBottom >= 0 && p.PadLeft >= 0 && p.PadRight >= 0, "params", "padding must be ≥ 0");
            return p;
        }
        return Compute(rows, cols, null);
    }

    private PadIfNeededParams Compute(int rows, int cols, IRandom? random)
    {
        int top, bottom, left, right;
        if (MinHeight is { } mh)
        {
            top = rows < mh ? (int)((mh - rows) / 2.0) : 0;
            bottom = rows < mh ? mh - rows - top : 0;
        }
        else
        {
            var rem = rows % PadHeightDivisor!.Value;
            var pad = rem > 0 ? PadHeightDivisor.Value - rem : 0;
            top = pad / 2;
            bottom = pad - top;
        }
        if (MinWidth is { } mw)
        {
            left = cols < mw ? (int)((mw - cols) / 2.0) : 0;
            right = cols < mw ? mw - cols - left : 0;
        }
        else
        {
            var rem = cols % PadWidthDivisor!.Value;
            var pad = rem > 0 ? PadWidthDivisor.Value - rem : 0;
            left = pad / 2;
            right = pad - left;
        }
        switch (Position)
        {
            case "top_left":
                (bottom, right, top, left) = (bottom + top, right + left, 0, 0);
                break;
            case "top_right":
                (bottom, left, top, right) = (bottom + top, left + right, 0, 0);
                break;
            case "bottom_left":
                (top, right, bottom, left) = (top + bottom, right + left, 0, 0);
                break;
            case "bottom_right":
                (top, left, bottom, right) = (top + bottom, left + right, 0, 0);
                break;
            case "random" when random is not null:
                var hp = top + bottom;
                var wp = left + right;
                top = random.NextInt(0, hp + 1);
                bottom = hp - top;
                left = random.NextInt(0, wp + 1);
                right = wp - left;
                break;
        }
        return new PadIfNeededParams(top, bottom, left, right);
    }
}
