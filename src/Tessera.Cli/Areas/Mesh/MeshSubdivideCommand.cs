using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Geometry.Subdivision;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Mesh;

/// <summary><c>tessera mesh subdivide --scheme loop|sqrt3 --iterations N IN OUT</c>.</summary>
internal sealed class MeshSubdivideCommand(CliConsole console) : Command<MeshSubdivideCommand.Settings>
{
    /// <summary>Arguments of <c>mesh subdivide</c>.</summary>
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

        /// <summary>Scheme.</summary>
        [CommandOption("--scheme <SCHEME>")]
        [Description("loop or sqrt3 (default loop).")]
        [DefaultValue("loop")]
        public string Scheme { get; init; } = "loop";

        /// <summary>Steps.</summary>
        [CommandOption("--iterations <N>")]
        [Description("Number of subdivision steps (default 1).")]
        [DefaultValue(1)]
        public int Iterations { get; init; } = 1;

        /// <summary>Output size bound.</summary>
        [CommandOption("--max-faces <N>")]
        [Description("Refuse before starting when the output would have more faces than this (default 20000000).")]
        [DefaultValue(SubdivisionBudget.DefaultMaxFaces)]
        public long MaxFaces { get; init; } = SubdivisionBudget.DefaultMaxFaces;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Scheme is "loop" or "sqrt3", "--scheme", $"must be loop or sqrt3 (got '{settings.Scheme}')");
        Guard.That(settings.Iterations is >= 0 and <= 10, "--iterations", $"must lie in [0, 10] (got {settings.Iterations})");
        var mesh = MeshCommandSupport.Read(settings.Input, cancellationToken);
        var result = OptionNames.Apply(() => MeshCommandSupport.WithProgress(console, $"{settings.Scheme} × {settings.Iterations}",
            mesh.FaceCount > MeshCommandSupport.LargeMeshFaces, progress => settings.Scheme == "loop"
                ? LoopSubdivision.Apply(mesh, settings.Iterations, settings.MaxFaces, progress, cancellationToken)
                : Sqrt3Subdivision.Apply(mesh, settings.Iterations, settings.MaxFaces, progress, cancellationToken)),
            ("iterations", "--iterations"), ("maxFaces", "--max-faces"));
        MeshCommandSupport.Write(console, settings.Output, result, cancellationToken);
        return 0;
    }
}
