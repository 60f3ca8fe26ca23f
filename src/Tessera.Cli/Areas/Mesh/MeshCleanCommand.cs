using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Geometry.Cleaning;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Mesh;

/// <summary><c>tessera mesh clean IN OUT</c>: weld, drop degenerate/duplicate faces and unused vertices, orient.</summary>
internal sealed class MeshCleanCommand(CliConsole console) : Command<MeshCleanCommand.Settings>
{
    /// <summary>Arguments of <c>mesh clean</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Input mesh.</summary>
        [CommandArgument(0, "<IN>")]
        [Description("Input mesh.")]
        public string Input { get; init; } = "";

        /// <summary>Output mesh.</summary>
        [CommandArgument(1, "<OUT>")]
        [Description("Output mesh.")]
        public string Output { get; init; } = "";

        /// <summary>Weld distance.</summary>
        [CommandOption("--weld-tolerance <T>")]
        [Description("Weld vertices closer than T (default 0: bit-identical only).")]
        [DefaultValue(0.0)]
        public double WeldTolerance { get; init; }

        /// <summary>Keep duplicate faces.</summary>
        [CommandOption("--keep-duplicates")]
        [Description("Do not drop faces that repeat another face's vertices.")]
        public bool KeepDuplicates { get; init; }

        /// <summary>Skip orientation.</summary>
        [CommandOption("--no-orient")]
        [Description("Do not flip faces to a consistent orientation.")]
        public bool NoOrient { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mesh = MeshCommandSupport.Read(settings.Input, cancellationToken);
        var (clean, report) = MeshCleaner.Clean(mesh, new CleanOptions
        {
            WeldTolerance = settings.WeldTolerance,
            DropDuplicateFaces = !settings.KeepDuplicates,
            OrientConsistently = !settings.NoOrient,
        });
        console.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"welded {report.WeldedVertices} vertices; dropped {report.IndexDegenerateFaces} degenerate, {report.ZeroAreaFaces} zero-area, {report.DuplicateFaces} duplicate faces and {report.UnreferencedVertices} unused vertices; flipped {report.FlippedFaces} faces"));
        MeshCommandSupport.Write(console, settings.Output, clean, cancellationToken);
        return 0;
    }
}
