using Tessera.TestSupport;

namespace Tessera.Cli.Tests.Fuzz;

/// <summary>
/// Small malformed files (images, meshes, pipelines, COCO, weights, polygons, parity indexes) run through the CLI entry
/// point: each must end in one <c>error:</c> line naming the file and the rule it breaks, with exit 2 (bad input), never a
/// crash, a raw .NET message or a silently wrong answer.
/// </summary>
public sealed class FuzzCorpusTests
{
    private static string Corpus => Path.Combine(AppContext.BaseDirectory, "Fuzz", "files");

    /// <summary>File, command (with {file} {imgs} {out} {flip} placeholders), the cause the error must name.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "empty.png", "segfix gt {file} --out {out}", "the file is empty (0 bytes)" },
        { "huge-header.png", "segfix gt {file} --out {out}", "declares 100000×100000 = 10000000000 pixels, more than the limit" },
        { "bomb-20000.png", "segfix gt {file} --out {out}", "declares 20000×20000 = 400000000 pixels, more than the limit" },
        { "truncated.png", "segfix gt {file} --out {out}", "cannot decode the image" },
        { "not-an-image.png", "segfix gt {file} --out {out}", "cannot decode the image" },
        { "empty.obj", "mesh info {file}", "the file is empty (0 bytes)" },
        { "random-bytes.obj", "mesh info {file}", "binary data" },
        { "binary-stl-named.obj", "mesh info {file}", "give it the .stl extension" },
        { "bad-index.obj", "mesh info {file}", "line 4" },
        { "nan.obj", "mesh info {file}", "not finite" },
        { "empty.ply", "mesh info {file}", "missing 'ply' magic" },
        { "truncated.ply", "mesh info {file}", "truncated.ply" },
        { "empty.stl", "mesh info {file}", "84-byte binary STL header" },
        { "short.stl", "mesh info {file}", "short.stl" },
        { "unknown-transform.json", "augment run --pipeline {file} --images {imgs} --out {out}", "unknown transform 'MakeItPretty'" },
        { "not-json.json", "augment run --pipeline {file} --images {imgs} --out {out}", "not-json.json" },
        { "p-null.json", "augment run --pipeline {file} --images {imgs} --out {out}", "lip.p: must be a number in [0, 1] (got null)" },
        { "oneof-zero.json", "augment run --pipeline {file} --images {imgs} --out {out}", "every child has p = 0" },
        { "resize-huge.json", "augment run --pipeline {file} --images {imgs} --out {out}", "more than the 2.0 GiB one image can hold" },
        { "crop-too-big.json", "augment run --pipeline {file} --images {imgs} --out {out}", "a.png" },
        { "p-inf.yaml", "augment run --pipeline {file} --images {imgs} --out {out}", "p: must lie in [0, 1] (got Infinity)" },
        { "alias-bomb.yaml", "augment run --pipeline {file} --images {imgs} --out {out}", "(PipelineReadOptions.MaxYamlNodes)" },
        { "tab-indent.yaml", "augment run --pipeline {file} --images {imgs} --out {out}", "tab-indent.yaml" },
        { "coco-null-annotation.json", "augment run --pipeline {flip} --images {imgs} --coco {file} --out {out}", "annotations[0]): must be an object (got null)" },
        { "coco-duplicate-ids.json", "augment run --pipeline {flip} --images {imgs} --coco {file} --out {out}", "image id 1 is used by an earlier image" },
        { "coco-keypoints-pair.json", "augment run --pipeline {flip} --images {imgs} --coco {file} --out {out}", "(x, y, visibility) triples (got 2 numbers)" },
        { "coco-unknown-image.json", "augment run --pipeline {flip} --images {imgs} --coco {file} --out {out}", "image_id 7 matches no entry of 'images'" },
        { "coco-bbox-three.json", "augment run --pipeline {flip} --images {imgs} --coco {file} --out {out}", "bbox must have 4 numbers" },
        { "empty.safetensors", "model inspect {file}", "empty.safetensors" },
        { "huge-header.safetensors", "model inspect {file}", "huge-header.safetensors" },
        { "bad-json.safetensors", "model inspect {file}", "bad-json.safetensors" },
        { "offsets-out-of-range.safetensors", "model inspect {file}", "offsets-out-of-range.safetensors" },
        { "truncated-pickle.pt", "model inspect {file}", "truncated-pickle.pt" },
        { "random.pt", "model inspect {file}", "random.pt" },
        { "polygon-three-numbers.json", "mesh triangulate {file} {out}/t.obj", "a point must be exactly [x, y] (got 3 numbers)" },
        { "polygon-no-outer.json", "mesh triangulate {file} {out}/t.obj", "missing \"outer\" ring" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedFile_ExitsTwoWithOneNamedError(string file, string command, string cause)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-fuzz-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "imgs"));
        try
        {
            File.Copy(SharedFixtures.Get("augment", "inputs", "coffee_67x89.png"), Path.Combine(dir, "imgs", "a.png"));
            var flip = Path.Combine(dir, "flip.json");
            File.WriteAllText(flip, """{"__class_fullname__": "Compose", "p": 1, "transforms": [{"__class_fullname__": "HorizontalFlip", "p": 1}]}""");
            var path = Path.Combine(Corpus, file);
            var args = command.Split(' ').Select(a => a.Replace("{file}", path, StringComparison.Ordinal)
                .Replace("{imgs}", Path.Combine(dir, "imgs"), StringComparison.Ordinal).Replace("{out}", Path.Combine(dir, "out"), StringComparison.Ordinal)
                .Replace("{flip}", flip, StringComparison.Ordinal)).ToArray();
            var (code, output) = CliRunner.Run(args);
            var text = output.Replace("\n", "", StringComparison.Ordinal);
            Assert.True(code == 2, $"exit {code}: {output}");
            Assert.Contains("error:", text, StringComparison.Ordinal);
            Assert.Contains(cause, text, StringComparison.Ordinal);
            Assert.DoesNotContain("One or more errors occurred", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Object reference not set", text, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "out")) && Directory.EnumerateFiles(Path.Combine(dir, "out"), "*.png").Any(), "no output for bad input");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Bad mesh arguments on a valid mesh ({mesh} = the fixture icosahedron): the option named, the rule
    /// stated, exit 2, no output file.</summary>
    public static TheoryData<string, string> MeshArgumentCases => new()
    {
        { "mesh simplify --method cluster --cell-size 1e-300 {mesh} {out}", "error: --cell-size: is too small for the mesh's extent" },
        { "mesh simplify --target-faces -5 {mesh} {out}", "error: --target-faces: must be >= 0 (got -5)" },
        { "mesh simplify --method vertex --target-faces -5 {mesh} {out}", "error: --target-faces: must be >= 0 (got -5)" },
        { "mesh simplify --target-faces abc {mesh} {out}", "error: --target-faces: 'abc' is not a valid value" },
        { "mesh subdivide --iterations 99999999999 {mesh} {out}", "error: --iterations: '99999999999' is not a valid value" },
        { "mesh subdivide --iterations 10 {mesh} {out}", "error: --iterations: 10 Loop step(s) would turn 20 faces into 20,971,520, more than the limit of 20,000,000 (--max-faces)" },
        { "mesh subdivide --scheme sqrt3 --iterations 2 --max-faces 100 {mesh} {out}", "error: --iterations: 2 " },
    };

    [Theory]
    [MemberData(nameof(MeshArgumentCases))]
    public void MeshBadArgument_ExitsTwoNamingTheOption(string command, string error)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-fuzz-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var output = Path.Combine(dir, "o.obj");
            var args = command.Split(' ').Select(a => a.Replace("{mesh}", SharedFixtures.Get("mesh", "meshes", "icosahedron.obj"), StringComparison.Ordinal)
                .Replace("{out}", output, StringComparison.Ordinal)).ToArray();
            var (code, stdout, stderr) = CliRunner.Run(args);
            Assert.True(code == 2, $"exit {code}: {stderr}");
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: --", line, StringComparison.Ordinal);
            Assert.Contains(error, line, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Parity_MalformedIndex_NamesTheFileAndEmptyFolderSaysNothingFound()
    {
        var (code, output) = CliRunner.Run("parity", Path.Combine(Corpus, "parity-bad-index"));
        Assert.Equal(1, code);
        Assert.Contains("index.json: malformed JSON", output.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var empty = Path.Combine(Path.GetTempPath(), $"tessera-empty-{Guid.NewGuid():N}");
        Directory.CreateDirectory(empty);
        try
        {
            var (c2, o2) = CliRunner.Run("parity", empty);
            Assert.Equal(2, c2);
            Assert.Contains("nothing found", o2, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
