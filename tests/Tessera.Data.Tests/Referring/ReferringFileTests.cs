using Tessera.Core.Errors;
using Tessera.Data.Referring;
using Tessera.Data.World;

namespace Tessera.Data.Tests.Referring;

public class ReferringFileTests
{
    [Fact]
    public void Read_WorldOutput_MasksMatchTheReferredObjects()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-referring-").FullName;
        try
        {
            var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = 48, Seed = 8 });
            WorldWriter.Write(world, 5, dir);
            var entries = ReferringFile.Read(Path.Combine(dir, "referring.json"));
            var scenes = world.Generate(0, 5);
            Assert.Equal(scenes.Sum(s => s.ReferringExpressions.Count), entries.Count);
            foreach (var e in entries)
            {
                var scene = scenes[(int)e.ImageId];
                Assert.True(File.Exists(e.ImagePath));
                var expression = scene.ReferringExpressions.First(r => r.Phrase == e.Phrase);
                Assert.Equal(scene.ObjectMask(expression.InstanceId), e.ToMask(48, 48));
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Read_PhraseCutLayout_PolygonsAndBoxes()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-phrasecut-").FullName;
        try
        {
            var path = Path.Combine(dir, "refer_val.json");
            File.WriteAllText(path, """[{"task_id": "1__2", "image_id": 1, "phrase": "red car", "Polygons": [[[[0,0],[4,0],[4,2],[0,2]]]], "instance_boxes": [[0,0,4,2]]}]""");
            var e = Assert.Single(ReferringFile.Read(path));
            Assert.Equal("red car", e.Phrase);
            Assert.EndsWith(Path.Combine("images", "1.jpg"), e.ImagePath);
            Assert.Equal(8, e.ToMask(4, 5).Count(v => v == 1));
            Assert.Equal([0, 0, 4, 2], e.Boxes[0]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("{\"a\": 1}", "list")]
    [InlineData("[{\"phrase\": \"x\"}]", "region")]
    [InlineData("[{\"mask\": {\"size\": [2,2], \"counts\": [4]}}]", "phrase")]
    [InlineData("[{\"phrase\": \"x\", \"mask\": {\"size\": [2,2], \"counts\": [3]}}]", "[0]")]
    public void Read_BadEntries_ThrowNamingFileAndEntry(string json, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("tessera-referring-bad-").FullName;
        try
        {
            var path = Path.Combine(dir, "r.json");
            File.WriteAllText(path, json);
            var e = Assert.Throws<TesseraFormatException>(() => ReferringFile.Read(path));
            Assert.Contains("r.json", e.Message);
            Assert.Contains(expected, e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
