using System.Text.Json;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

public class MeshCommandTests
{
    private static string Fixture(string name) => SharedFixtures.Get("mesh", "meshes", name);

    [Fact]
    public void Info_Json_HasExactlyTheContractKeys()
    {
        var (code, output, _) = CliRunner.Run("mesh", "info", Fixture("dirty.obj"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["vertices", "edges", "faces", "boundary_edges", "regular_edges", "singular_edges", "nonmanifold_vertices",
            "closed", "manifold", "components", "euler", "genus", "boundary_loops"], keys);
        Assert.Equal(14, doc.RootElement.GetProperty("vertices").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("components").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("boundary_loops").GetInt32());
    }

    [Fact]
    public void Info_NonManifold_GenusIsNull()
    {
        var (code, output, _) = CliRunner.Run("mesh", "info", Fixture("bowtie_tets.obj"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("genus").ValueKind);
        Assert.False(doc.RootElement.GetProperty("manifold").GetBoolean());
    }

    [Fact]
    public void SubdivideSimplifyConvert_WriteReadableMeshes()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-mesh-cli").FullName;
        var sub = Path.Combine(dir, "sub.ply");
        Assert.Equal(0, CliRunner.Run("mesh", "subdivide", "--scheme", "sqrt3", "--iterations", "2", Fixture("grid_8x8.obj"), sub).ExitCode);
        var (code, output, _) = CliRunner.Run("mesh", "info", sub, "--json");
        Assert.Equal(0, code);
        Assert.Equal(1152, JsonDocument.Parse(output).RootElement.GetProperty("faces").GetInt32());

        var simple = Path.Combine(dir, "simple.stl");
        Assert.Equal(0, CliRunner.Run("mesh", "simplify", "--target-faces", "200", Fixture("torus.obj"), simple).ExitCode);
        (code, output, _) = CliRunner.Run("mesh", "info", simple, "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("faces").GetInt32() <= 200);
        Assert.Equal(1, doc.RootElement.GetProperty("genus").GetInt32());

        var glb = Path.Combine(dir, "cube.glb");
        Assert.Equal(0, CliRunner.Run("mesh", "clean", Fixture("dirty.obj"), glb).ExitCode);
        Assert.Equal(0, CliRunner.Run("mesh", "convert", glb, Path.Combine(dir, "cube.obj")).ExitCode);
    }

    [Fact]
    public void Simplify_UnreachableTarget_WarnsAndReportsTheTopologicalMinimum()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("tessera-mesh-min").FullName, "t.obj");
        var (code, stdout, stderr) = CliRunner.Run("mesh", "simplify", "--target-faces", "1", "--json", Fixture("torus.obj"), output);
        Assert.Equal(0, code);
        Assert.Contains("warning: --target-faces 1 not reached: stopped at 14 faces", stderr, StringComparison.Ordinal);
        Assert.Contains("genus 1", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(14, root.GetProperty("faces").GetInt32());
        Assert.False(root.GetProperty("target_reached").GetBoolean());
        Assert.Equal("TopologicalMinimum", root.GetProperty("stop_reason").GetString());
        Assert.Equal(14, root.GetProperty("minimum_faces").GetInt32());
        Assert.Contains("genus 1", root.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        (code, stdout, _) = CliRunner.Run("mesh", "info", output, "--json");
        Assert.Equal(0, code);
        using var info = JsonDocument.Parse(stdout);
        Assert.Equal(1, info.RootElement.GetProperty("genus").GetInt32());
        Assert.Equal(14, info.RootElement.GetProperty("faces").GetInt32());
    }

    [Fact]
    public void Simplify_ReachedTarget_NoWarning()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("tessera-mesh-ok").FullName, "t.obj");
        var (code, stdout, stderr) = CliRunner.Run("mesh", "simplify", "--target-faces", "200", "--json", Fixture("torus.obj"), output);
        Assert.Equal(0, code);
        Assert.DoesNotContain("warning", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("target_reached").GetBoolean());
        Assert.Equal("TargetReached", doc.RootElement.GetProperty("stop_reason").GetString());
    }

    [Theory]
    [InlineData("--repeat", "0")]
    [InlineData("--runs", "0")]
    public void BenchMesh_NonPositiveCounts_BadInputBeforeAnyWork(string option, string value)
    {
        // checked before the peers are compiled or any mesh is built
        var (code, stdout, stderr) = CliRunner.Run("bench", "mesh", "--peers", option, value);
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"error: {option}: must be >= 1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Triangulate_PolygonJson_WritesTriangles()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-mesh-tri").FullName;
        var output = Path.Combine(dir, "t.json");
        var (code, _) = CliRunner.Run("mesh", "triangulate", SharedFixtures.Get("mesh", "polygons", "rect_two_holes.json"), output);
        Assert.Equal(0, code);
        Assert.Equal(15, JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("triangles").GetArrayLength());
    }

    [Fact]
    public void Subdivide_NonManifold_BadInputNamingMesh()
    {
        var (code, output) = CliRunner.Run("mesh", "subdivide", Fixture("nonmanifold_edge.obj"), Path.Combine(Path.GetTempPath(), "x.obj"));
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("2-manifold", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_MalformedFile_BadInputWithLine()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tessera-mesh-bad").FullName, "bad.obj");
        File.WriteAllText(path, "v 0 0 0\nf 1 2 3\n");
        var (code, output) = CliRunner.Run("mesh", "info", path);
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("line 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_MeshSection_WritesSvgs()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("tessera-demo-mesh").FullName, "demo");
        var (code, _) = CliRunner.Run("demo", "--out", dir, "--section", "mesh");
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(dir, "mesh", "torus_loop2.svg")));
        Assert.Contains("boundary loops", File.ReadAllText(Path.Combine(dir, "index.html")), StringComparison.Ordinal);
    }
}
