namespace Tessera.Cli.Demo;

/// <summary>The explicit, ordered list of demo sections (each capability adds its own).</summary>
internal static class DemoSections
{
    /// <summary>All sections in page order.</summary>
    /// <returns>New section instances.</returns>
    public static IReadOnlyList<IDemoSection> All() => All(new DemoOptions());

    /// <summary>All sections in page order, configured by the demo's options.</summary>
    /// <param name="options">Options such as <c>--bench</c>.</param>
    /// <returns>New section instances.</returns>
    public static IReadOnlyList<IDemoSection> All(DemoOptions options) =>
    [
        new CoreSection(),
        new SegmentationSection(),
        new ClipSection(),
        new TrainingSection(),
        new MeshSection(),
        new AugmentSection(),
        new SegFixNetSection(),
        new AugmentPixelSection(options.Bench),
    ];
}
