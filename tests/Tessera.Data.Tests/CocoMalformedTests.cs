using System.Text.Json.Nodes;
using Tessera.Core.Errors;
using Tessera.Data.Coco;

namespace Tessera.Data.Tests;

public class CocoMalformedTests
{
    private static T WithFile<T>(string json, Func<string, T> body)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-coco-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            return body(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const string Images = "\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 10, \"height\": 8}]";

    [Theory]
    [InlineData("""{"images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 8}], "annotations": [null]}""", "annotations[0]", "must be an object")]
    [InlineData("""{"images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 8}, {"id": 1, "file_name": "b.png", "width": 10, "height": 8}]}""", "images[1]", "image id 1 is used by an earlier image")]
    [InlineData("""{"images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 8}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "keypoints": [1, 2]}]}""", "annotations[0].keypoints", "(x, y, visibility) triples (got 2 numbers)")]
    [InlineData("""{"images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 8}], "annotations": [{"id": 1, "image_id": 9, "category_id": 1, "bbox": [0, 0, 2, 2]}]}""", "annotations[0]", "image_id 9 matches no entry of 'images'")]
    [InlineData("""{"images": [{"id": "x", "file_name": "a.png", "width": 10, "height": 8}]}""", "images[0]", "'id' must be a number")]
    public void Read_Malformed_NamesFilePositionAndRule(string json, string position, string rule)
    {
        var e = WithFile(json, p => Assert.Throws<TesseraFormatException>(() => CocoFile.Read(p)));
        Assert.Equal(position, e.Position);
        Assert.Contains(rule, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadWrite_KeepsSegmentationInfoLicensesAndUnknownFields()
    {
        var json = "{\"info\": {\"year\": 2017}, \"licenses\": [{\"id\": 4, \"name\": \"cc\"}], \"my_field\": [1, 2], " + Images + """
            , "annotations": [
              {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "segmentation": [[0, 0, 2, 0, 2, 2]], "score": 0.9},
              {"id": 2, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "iscrowd": 1, "segmentation": {"counts": [0, 4, 76], "size": [8, 10]}}],
             "categories": [{"id": 1, "name": "thing"}]}
            """;
        var ds = WithFile(json, CocoFile.Read);
        var back = JsonNode.Parse(CocoFile.ToJson(ds))!;
        Assert.Equal(2017, back["info"]!["year"]!.GetValue<int>());
        Assert.Equal("cc", back["licenses"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(2, back["my_field"]![1]!.GetValue<int>());
        Assert.Equal(6, back["annotations"]![0]!["segmentation"]![0]!.AsArray().Count);
        Assert.Equal(0.9, back["annotations"]![0]!["score"]!.GetValue<double>());
        Assert.Equal(76, back["annotations"]![1]!["segmentation"]!["counts"]![2]!.GetValue<int>());
    }
}
