namespace Tessera.Cli.Demo;

/// <summary>The explicit, ordered list of demo sections (each capability adds its own).</summary>
internal static class DemoSections
{
    /// <summary>All sections in page order.</summary>
    /// <returns>New section instances.</returns>
    public static IReadOnlyList<IDemoSection> All() =>
    [
        new CoreSection(),
        new SegmentationSection(),
        new ClipSection(),
        new TrainingSection(),
        new MeshSection(),
        new AugmentSection(),
        new SegFixNetSection(),
    ];
}
