using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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

        /// <summary>JSON summary on stdout.</summary>
        [CommandOption("--json")]
        [Description("Print the result as JSON: faces, whether the target was reached, and if not why (stop reason, topological minimum).")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Method is "qem" or "vertex" or "cluster", "--method", $"must be qem, vertex or cluster (got '{settings.Method}')");
        var mesh = MeshCommandSupport.Read(settings.Input, cancellationToken);
        var large = mesh.FaceCount > MeshCommandSupport.LargeMeshFaces;
        QemResult? qem = null;
        var result = OptionNames.Apply(() => settings.Method switch
        {
            "cluster" => VertexClustering.Apply(mesh, settings.CellSize ?? throw new TesseraArgumentException("--cell-size", "is required by --method cluster")),
            "vertex" => VertexDecimation.Apply(mesh, settings.TargetFaces ?? throw new TesseraArgumentException("--target-faces", "is required by --method vertex"), cancellationToken),
            _ => (qem = MeshCommandSupport.WithProgress(console, "simplify", large, progress => QemSimplification.Simplify(mesh, new QemOptions
            {
                TargetFaces = settings.TargetFaces ?? 0,
                MaxError = settings.MaxError ?? double.PositiveInfinity,
                PreserveBoundary = settings.PreserveBoundary,
            }, progress, cancellationToken))).Mesh,
        }, ("cellSize", "--cell-size"), ("targetFaces", "--target-faces"), ("MaxError", "--max-error"));
        MeshCommandSupport.Write(console, settings.Output, result, cancellationToken);
        var inv = CultureInfo.InvariantCulture;
        var reached = settings.TargetFaces is not { } target || result.FaceCount <= target;
        if (qem is not null)
        {
            if (!qem.TargetReached) { console.Warning($"--target-faces {qem.TargetFaces} not reached: {qem.Explanation}"); }
            if (qem.RelaxedCollapses > 0 || qem.EdgeFlips > 0)
            {
                console.Warning(string.Create(inv, $"{qem.RelaxedCollapses} collapses and {qem.EdgeFlips} edge flips were made past the normal guard to get this low; faces may fold over"));
            }
        }
        else if (!reached)
        {
            console.Warning(string.Create(inv, $"--target-faces {settings.TargetFaces} not reached: --method {settings.Method} stopped at {result.FaceCount} faces"));
        }
        if (settings.Json)
        {
            var doc = new JsonObject
            {
                ["method"] = settings.Method, ["vertices"] = result.VertexCount, ["faces"] = result.FaceCount,
                ["target_faces"] = settings.TargetFaces, ["target_reached"] = reached,
                ["stop_reason"] = qem?.StopReason.ToString(), ["minimum_faces"] = qem?.MinimumFaces,
                ["relaxed_collapses"] = qem?.RelaxedCollapses, ["edge_flips"] = qem?.EdgeFlips, ["explanation"] = qem?.Explanation,
            };
            console.Data(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        return 0;
    }
}
