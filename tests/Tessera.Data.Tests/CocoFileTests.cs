using Tessera.Core.Errors;
using Tessera.Data.Coco;

namespace Tessera.Data.Tests;

public class CocoFileTests
{
    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var ds = new CocoDataset(
            [new CocoImage(1, "a.png", 64, 48)],
            [new CocoAnnotation(7, 1, 3, [1.5, 2, 10, 20], 200, 0, [5, 6, 2, 0, 0, 0], 1)],
            [new CocoCategory(3, "cat", "animal", ["nose", "tail"])]);
        var path = Path.Combine(Path.GetTempPath(), $"coco-{Guid.NewGuid():N}.json");
        try
        {
            CocoFile.Write(path, ds);
            var back = CocoFile.Read(path);
            Assert.Equal(ds.Images, back.Images);
            Assert.Equal(ds.Annotations[0].Bbox, back.Annotations[0].Bbox);
            Assert.Equal(ds.Annotations[0].Keypoints, back.Annotations[0].Keypoints);
            Assert.Equal(1, back.Annotations[0].NumKeypoints);
            Assert.Equal(["nose", "tail"], back.Categories[0].Keypoints!);
            Assert.Single(back.AnnotationsByImage()[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_BadBbox_ThrowsFormatErrorNamingEntry()
    {
        var path = Path.Combine(Path.GetTempPath(), $"coco-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2]}], "categories": []}""");
        try
        {
            var e = Assert.Throws<TesseraFormatException>(() => CocoFile.Read(path));
            Assert.Contains("annotations[0]", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => CocoFile.Read("/nonexistent/coco.json"));
    }
}
