using System.Text.Json.Nodes;
using Tessera.Data.Coco;
using Tessera.Data.Masks;
using Tessera.Data.World;
using Tessera.Imaging;

namespace Tessera.Data.Tests.World;

public class WorldWriterTests
{
    [Fact]
    public void Write_Cluttered_FilesAgreeWithTheScenes()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-world-").FullName;
        try
        {
            var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Cluttered, Size = 64, Seed = 2 });
            Assert.Equal(6, WorldWriter.Write(world, 6, dir));
            var scenes = world.Generate(0, 6);
            var coco = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "annotations.json")))!;
            Assert.Equal(scenes.Sum(s => s.Objects.Count), coco["annotations"]!.AsArray().Count);
            Assert.Equal(7, coco["categories"]!.AsArray().Count);
            var dataset = CocoFile.Read(Path.Combine(dir, "annotations.json"));
            Assert.Equal(6, dataset.Images.Count);
            foreach (var a in coco["annotations"]!.AsArray())
            {
                var scene = scenes[(int)a!["image_id"]!];
                var id = (int)a["instance_id"]!;
                var seg = a["segmentation"]!;
                var rle = CocoRle.FromCompressedString((string)seg["counts"]!, 64, 64);
                Assert.Equal(scene.ObjectMask(id), rle.Decode());
                Assert.Equal((int)a["area"]!, rle.Area);
            }
            for (var i = 0; i < 6; i++)
            {
                var stem = WorldWriter.Stem(i);
                using var image = ImageFile.Read(Path.Combine(dir, "images", stem + ".png"));
                Assert.True(image.Pixels<byte>().SequenceEqual(scenes[i].Pixels));
                var semantic = PalettePng.Read(Path.Combine(dir, "masks", "semantic", stem + ".png"));
                Assert.True(semantic.IsPalette);
                Assert.Equal(scenes[i].SemanticMask.ToArray().Select(v => (int)v), semantic.Values);
                var instances = PalettePng.Read(Path.Combine(dir, "masks", "instances", stem + ".png"));
                Assert.Equal(scenes[i].InstanceMask.ToArray().Select(v => (int)v), instances.Values);
            }
            var referring = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "referring.json")))!.AsArray();
            Assert.Equal(scenes.Sum(s => s.ReferringExpressions.Count), referring.Count);
            Assert.Equal(6, Directory.EnumerateFiles(Path.Combine(dir, "classification"), "*.png", SearchOption.AllDirectories).Count());
            Assert.Equal("cluttered", (string)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "world.json")))!["domain"]!);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
