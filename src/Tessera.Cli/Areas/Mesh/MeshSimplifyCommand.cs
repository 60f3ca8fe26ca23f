using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Geometry.Simplification;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Mesh;

/// <summary><c>tessera mesh simplify --target-faces N IN OUT</c> (QEM by default).</summary>
internal sealed class MeshSimplifyCommand(CliConsole console) : Command<MeshSimplifyCommand.Settings>
{
    /// <summary>Arguments of <c>mesh simplify</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Input mesh.</summary>
        [CommandArgument(0, "<IN>")]
        [Description("Input 2-manifold triangle mesh.")]
        public string Input { get; init; } = "";

        /// <summary>Output mesh.</summary>
        [CommandArgument(1, "<OUT>")]
        [Description("Output mesh.")]
        public string Output { get; init; } = "";

        /// <summary>Face target.</summary>
        [CommandOption("--target-faces <N>")]
        [Description("Stop at the first face count <= N.")]
        public int? TargetFaces { get; init; }

        /// <summary>Error bound.</summary>
        [CommandOption("--max-error <E>")]
        [Description("qem: stop before a collapse with quadric error above E.")]
        public double? MaxError { get; init; }

        /// <summary>Method.</summary>
        [CommandOption("--method <METHOD>")]
        [Description("qem (default), vertex (vertex decimation) or cluster (grid vertex clustering, needs --cell-size).")]
        [DefaultValue("qem")]
        public string Method { get; init; } = "qem";

        /// <summary>Grid cell.</summary>
        [CommandOption("--cell-size <S>")]
        [Description("cluster: grid cell size.")]
        public double? CellSize { get; init; }

        /// <summary>Keep the boundary.</summary>
        [CommandOption("--preserve-boundary")]
        [Description("qem: never move or remove boundary vertices.")]
        public bool PreserveBoundary { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Method is "qem" or "vertex" or "cluster", "--method", $"must be qem, vertex or cluster (got '{settings.Method}')");
        var mesh = MeshCommandSupport.Read(settings.Input, cancellationToken);
        var large = mesh.FaceCount > MeshCommandSupport.LargeMeshFaces;
        var result = settings.Method switch
        {
            "cluster" => VertexClustering.Apply(mesh, settings.CellSize ?? throw new TesseraArgumentException("--cell-size", "is required by --method cluster")),
            "vertex" => VertexDecimation.Apply(mesh, settings.TargetFaces ?? throw new TesseraArgumentException("--target-faces", "is required by --method vertex"), cancellationToken),
            _ => MeshCommandSupport.WithProgress(console, "simplify", large, progress => QemSimplification.Apply(mesh, new QemOptions
            {
                TargetFaces = settings.TargetFaces ?? 0,
                MaxError = settings.MaxError ?? double.PositiveInfinity,
                PreserveBoundary = settings.PreserveBoundary,
            }, progress, cancellationToken)),
        };
        MeshCommandSupport.Write(console, settings.Output, result, cancellationToken);
        return 0;
    }
}
