using Tessera.Core.Errors;
using Tessera.Data.Folders;
using Tessera.Data.World;

namespace Tessera.Data.Tests.Folders;

public class ImageFolderDatasetTests
{
    [Fact]
    public void Open_WorldClassificationFolder_ClassesAndLabelsMatchTheScenes()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-imagefolder-").FullName;
        try
        {
            var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = 32, Seed = 4 });
            WorldWriter.Write(world, 12, dir);
            var data = ImageFolderDataset.Open(Path.Combine(dir, "classification"));
            Assert.Equal(12, data.Count);
            Assert.Equal(data.Classes.Order(StringComparer.Ordinal), data.Classes);
            var scenes = world.Generate(0, 12);
            for (var i = 0; i < data.Count; i++)
            {
                var index = int.Parse(Path.GetFileNameWithoutExtension(data.Samples[i].Path), System.Globalization.CultureInfo.InvariantCulture);
                var o = scenes[index].Objects[0];
                Assert.Equal($"{o.ColorName}_{o.ShapeName}", data.Classes[data.Samples[i].Label]);
                var (image, label) = data.Read(i);
                using (image)
                {
                    Assert.True(image.Pixels<byte>().SequenceEqual(scenes[index].Pixels));
                }
                Assert.Equal(data.Samples[i].Label, label);
            }
            Assert.Throws<TesseraArgumentException>(() => data.Read(12));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Open_EmptyOrMissing_ThrowsNamingTheFolder()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-imagefolder-bad-").FullName;
        try
        {
            Assert.Contains("no class", Assert.Throws<TesseraFormatException>(() => ImageFolderDataset.Open(dir)).Message);
            Directory.CreateDirectory(Path.Combine(dir, "cat"));
            File.WriteAllText(Path.Combine(dir, "cat", "notes.txt"), "x");
            Assert.Contains("cat", Assert.Throws<TesseraFormatException>(() => ImageFolderDataset.Open(dir)).Message);
            Assert.Throws<DirectoryNotFoundException>(() => ImageFolderDataset.Open(Path.Combine(dir, "none")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
