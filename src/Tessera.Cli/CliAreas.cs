using Tessera.Cli.Areas.Augment;
using Tessera.Cli.Areas.Clip;
using Tessera.Cli.Areas.Demo;
using Tessera.Cli.Areas.Diffusion;
using Tessera.Cli.Areas.Dense;
using Tessera.Cli.Areas.Mesh;
using Tessera.Cli.Areas.Parity;
using Tessera.Cli.Areas.Prompt;
using Tessera.Cli.Areas.Seg;
using Tessera.Cli.Areas.World;
using Tessera.Cli.Hosting;

namespace Tessera.Cli;

/// <summary>
/// The root list of CLI areas, in help and demo-page order. A new area is one folder under <c>Areas/</c> holding an
/// <see cref="ICliArea"/> plus one line here.
/// </summary>
internal static class CliAreas
{
    /// <summary>Every area of the <c>tessera</c> command.</summary>
    public static IReadOnlyList<ICliArea> All { get; } =
    [
        new DemoArea(),
        new ParityArea(),
        new AugmentArea(),
        new SegArea(),
        new ClipArea(),
        new DenseArea(),
        new MeshArea(),
        new WorldArea(),
        new PromptArea(),
        new DiffusionArea(),
    ];
}
