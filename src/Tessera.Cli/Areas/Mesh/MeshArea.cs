using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Parity;
using Tessera.Geometry.Parity;

namespace Tessera.Cli.Areas.Mesh;

/// <summary>The <c>mesh</c> area: the mesh verbs, <c>bench mesh</c>, the mesh demo section and the mesh fixtures.</summary>
internal sealed class MeshArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "mesh";

    /// <inheritdoc />
    public void Register(IConfigurator config) =>
        config.AddBranch("mesh", mesh =>
        {
            mesh.SetDescription("Triangle meshes: topology, clean-up, triangulation, simplification, subdivision, conversion.");
            mesh.AddCommand<MeshInfoCommand>("info").WithDescription("Topology facts of a mesh file.")
                .WithExample("mesh", "info", "bunny.obj", "--json");
            mesh.AddCommand<MeshCleanCommand>("clean").WithDescription("Weld duplicates, drop degenerate/duplicate faces and unused vertices, orient faces.");
            mesh.AddCommand<MeshTriangulateCommand>("triangulate").WithDescription("Triangulate a polygon with holes (ear clipping).");
            mesh.AddCommand<MeshSimplifyCommand>("simplify").WithDescription("Simplify (QEM edge collapse, vertex decimation or clustering).")
                .WithExample("mesh", "simplify", "--target-faces", "5000", "in.obj", "out.ply");
            mesh.AddCommand<MeshSubdivideCommand>("subdivide").WithDescription("Loop or sqrt3 subdivision.")
                .WithExample("mesh", "subdivide", "--scheme", "sqrt3", "--iterations", "2", "in.obj", "out.obj");
            mesh.AddCommand<MeshConvertCommand>("convert").WithDescription("Convert between OBJ, PLY, STL, glTF and GLB.");
        });

    /// <inheritdoc />
    public void RegisterBench(IConfigurator<CommandSettings> bench) =>
        bench.AddCommand<BenchMeshCommand>("mesh")
            .WithDescription("Loop/sqrt3 subdivision, QEM decimation and OBJ I/O vs. the stored OpenMesh times.");

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new MeshSection()];

    /// <inheritdoc />
    public IEnumerable<IParityHandler> ParityHandlers() => [new MeshParityHandler()];
}
