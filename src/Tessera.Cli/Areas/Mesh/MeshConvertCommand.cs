using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Geometry.IO;

namespace Tessera.Cli.Areas.Mesh;

/// <summary><c>tessera mesh convert IN OUT</c>: converts between formats by extension.</summary>
internal sealed class MeshConvertCommand(CliConsole console) : Command<MeshConvertCommand.Settings>
{
    /// <summary>Arguments of <c>mesh convert</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Input mesh.</summary>
        [CommandArgument(0, "<IN>")]
        [Description("Input mesh (.obj, .ply, .stl, .gltf, .glb).")]
        public string Input { get; init; } = "";

        /// <summary>Output mesh.</summary>
        [CommandArgument(1, "<OUT>")]
        [Description("Output mesh; the format follows the extension.")]
        public string Output { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mesh = MeshFile.Read(settings.Input, cancellationToken);
        MeshFile.Write(settings.Output, mesh, cancellationToken);
        console.Info($"wrote {settings.Output}: {mesh.VertexCount} vertices, {mesh.FaceCount} faces");
        return 0;
    }
}
