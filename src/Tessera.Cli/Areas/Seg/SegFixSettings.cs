using System.ComponentModel;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Segmentation.SegFix;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>Ground-truth settings shared by the <c>segfix</c> commands.</summary>
internal class SegFixSettings : CommonSettings
{
    /// <summary>Direction filter size.</summary>
    [CommandOption("--ksize <K>")]
    [Description("Direction filter size (odd; SegFix default 5, 9 also used).")]
    [DefaultValue(5)]
    public int KernelSize { get; init; } = 5;

    /// <summary>Direction bins.</summary>
    [CommandOption("--bins <M>")]
    [Description("Direction bins: 4, 8 or 16.")]
    [DefaultValue(8)]
    public int Bins { get; init; } = 8;

    /// <summary>Number of classes.</summary>
    [CommandOption("--classes <N>")]
    [Description("Number of classes (labels 0..N-1).")]
    [DefaultValue(19)]
    public int Classes { get; init; } = 19;

    /// <summary>Ignore label.</summary>
    [CommandOption("--ignore <LABEL>")]
    [Description("Ignore label.")]
    [DefaultValue(255)]
    public int Ignore { get; init; } = 255;

    /// <summary>Validated ground-truth options.</summary>
    /// <returns>The options.</returns>
    public SegFixOptions ToOptions()
    {
        Guard.That(Bins is 4 or 8 or 16, "--bins", $"must be 4, 8 or 16 (got {Bins})");
        Guard.That(KernelSize >= 3 && KernelSize % 2 == 1 && KernelSize <= 63, "--ksize", $"must be odd and in [3, 63] (got {KernelSize})");
        Guard.That(Classes is >= 1 and <= 255, "--classes", $"must lie in [1, 255] (got {Classes})");
        Guard.That(Ignore >= Classes && Ignore <= 255, "--ignore", $"must lie in [--classes, 255] (got {Ignore})");
        var o = new SegFixOptions { KernelSize = KernelSize, NumClasses = Classes, IgnoreLabel = Ignore };
        o.Validate();
        return o;
    }
}
