using System.Security.Cryptography;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

public class AugmentCommandTests
{
    private static string Setup()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-aug-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "imgs"));
        Directory.CreateDirectory(Path.Combine(dir, "masks"));
        var inputs = SharedFixtures.Get("augment", "inputs");
        File.Copy(Path.Combine(inputs, "coffee_67x89.png"), Path.Combine(dir, "imgs", "a.png"));
        File.Copy(Path.Combine(inputs, "astronaut_float_67x89.mask.png"), Path.Combine(dir, "imgs", "b.png"));
        File.Copy(Path.Combine(inputs, "coffee_67x89.mask.png"), Path.Combine(dir, "masks", "a.png"));
        File.Copy(Path.Combine(inputs, "coffee_67x89.mask.png"), Path.Combine(dir, "masks", "b.png")); // augment run: every image needs its mask
        File.WriteAllText(Path.Combine(dir, "pipe.json"), """
            {"__version__": "1.3.1", "transform": {"__class_fullname__": "Compose", "p": 1.0, "transforms": [
              {"__class_fullname__": "RandomResizedCrop", "p": 1.0, "height": 40, "width": 48, "scale": [0.5, 1.0]},
              {"__class_fullname__": "Rotate", "p": 0.7, "limit": [-30, 30], "border_mode": 0},
              {"__class_fullname__": "HorizontalFlip", "p": 0.5}],
             "bbox_params": {"format": "coco", "label_fields": [], "min_visibility": 0.2}}}
            """);
        File.WriteAllText(Path.Combine(dir, "coco.json"), """
            {"images": [{"id": 1, "file_name": "a.png", "width": 89, "height": 67}, {"id": 2, "file_name": "b.png", "width": 89, "height": 67}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 2, "bbox": [10, 10, 30, 20], "keypoints": [20, 20, 2, 0, 0, 0]},
                             {"id": 2, "image_id": 2, "category_id": 3, "bbox": [40, 30, 20, 20]}],
             "categories": [{"id": 2, "name": "cup"}, {"id": 3, "name": "thing"}]}
            """);
        return dir;
    }

    private static Dictionary<string, string> Hashes(string dir)
        => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(".tessera-annotations", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void Run_AnyWorkerCount_WritesIdenticalOutputs()
    {
        var dir = Setup();
        try
        {
            var common = new[] { "augment", "run", "--pipeline", Path.Combine(dir, "pipe.json"), "--images", Path.Combine(dir, "imgs"),
                "--masks", Path.Combine(dir, "masks"), "--coco", Path.Combine(dir, "coco.json"), "--seed", "5", "--repeat", "2" };
            var (c1, o1) = CliRunner.Run([.. common, "--out", Path.Combine(dir, "o1"), "--workers", "1"]);
            var (c3, _) = CliRunner.Run([.. common, "--out", Path.Combine(dir, "o3"), "--workers", "3"]);
            Assert.True(c1 == 0, o1);
            Assert.Equal(0, c3);
            var h1 = Hashes(Path.Combine(dir, "o1"));
            Assert.Contains("a_1.png", h1.Keys);
            Assert.Contains(Path.Combine("masks", "a_0.png"), h1.Keys);
            Assert.Contains("annotations.json", h1.Keys);
            Assert.Equal(h1, Hashes(Path.Combine(dir, "o3")));

            // A re-run finds everything done (resumable)
            var (c, output) = CliRunner.Run([.. common, "--out", Path.Combine(dir, "o1")]);
            Assert.Equal(0, c);
            Assert.Contains("4 already done", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Preview_Grid_WritesPicture()
    {
        var dir = Setup();
        try
        {
            var outFile = Path.Combine(dir, "grid.png");
            var (code, output) = CliRunner.Run("augment", "preview", "--pipeline", Path.Combine(dir, "pipe.json"), "--image", Path.Combine(dir, "imgs", "a.png"),
                "--mask", Path.Combine(dir, "masks", "a.png"), "--grid", "2x3", "--out", outFile);
            Assert.True(code == 0, output);
            Assert.True(File.Exists(outFile));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Run_UnknownTransform_ExitsWithBadInputAndOneLineError()
    {
        var dir = Setup();
        try
        {
            File.WriteAllText(Path.Combine(dir, "bad.json"), """{"__class_fullname__": "Compose", "transforms": [{"__class_fullname__": "Twirl"}]}""");
            var (code, output) = CliRunner.Run("augment", "run", "--pipeline", Path.Combine(dir, "bad.json"), "--images", Path.Combine(dir, "imgs"),
                "--out", Path.Combine(dir, "o"));
            Assert.Equal(2, code);
            Assert.Contains("unknown transform 'Twirl'", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
