using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Geometry;
using Tessera.Geometry.IO;
using Tessera.Geometry.Triangulation;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Mesh;

/// <summary><c>tessera mesh triangulate POLYGON.json OUT</c>: ear clipping of a polygon with holes.</summary>
internal sealed class MeshTriangulateCommand(CliConsole console) : Command<MeshTriangulateCommand.Settings>
{
    /// <summary>Arguments of <c>mesh triangulate</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Polygon JSON.</summary>
        [CommandArgument(0, "<POLYGON>")]
        [Description("JSON with \"outer\": [[[[x,y]],…]] and optional \"holes\": [[[[[[x,y]],…]],…]] (the fixtures' polygon format).")]
        public string Input { get; init; } = "";

        /// <summary>Output.</summary>
        [CommandArgument(1, "<OUT>")]
        [Description(".json (triangles as index triples into outer + holes) or a mesh file (z = 0).")]
        public string Output { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Input)) { throw new FileNotFoundException($"POLYGON: '{settings.Input}' does not exist", settings.Input); }
        var polygon = PolygonJson.ReadFile(settings.Input);
        var tris = EarClipping.Triangulate(polygon);
        if (Path.GetExtension(settings.Output).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            var arr = new JsonArray();
            for (var i = 0; i < tris.Length; i += 3) { arr.Add(new JsonArray(tris[i], tris[i + 1], tris[i + 2])); }
            AtomicFile.WriteAllText(settings.Output, new JsonObject { ["triangles"] = arr }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            console.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"wrote {settings.Output}: {tris.Length / 3} triangles"));
            return 0;
        }
        var mesh = new TriangleMesh([.. polygon.AllPoints().Select(p => new Vec3(p.X, p.Y, 0))], tris);
        MeshCommandSupport.Write(console, settings.Output, mesh, cancellationToken);
        return 0;
    }
}
