using System.Text.Json.Nodes;
using Tessera.Core.Errors;
using Tessera.Data.Coco;

namespace Tessera.Data.Tests.Coco;

public class CocoSegmentationTests
{
    [Fact]
    public void Rle_EncodeDecodeAndCompressedString_RoundTrip()
    {
        var rng = new Random(3);
        for (var trial = 0; trial < 20; trial++)
        {
            int h = rng.Next(1, 30), w = rng.Next(1, 30);
            var mask = new byte[h * w];
            for (var i = 0; i < mask.Length; i++) { mask[i] = (byte)(rng.NextDouble() < 0.4 ? 1 : 0); }
            var rle = CocoRle.Encode(mask, h, w);
            Assert.Equal(mask, rle.Decode());
            Assert.Equal(mask.Count(v => v == 1), rle.Area);
            var again = CocoRle.FromCompressedString(rle.ToCompressedString(), h, w);
            Assert.Equal(rle.Counts, again.Counts);
        }
    }

    [Fact]
    public void Rle_KnownPycocotoolsValues_Match()
    {
        // pycocotools: mask.encode(np.asfortranarray([[0,1],[1,1],[0,0]], dtype=np.uint8)) — column-major runs.
        byte[] mask = [0, 1, 1, 1, 0, 0];
        var rle = CocoRle.Encode(mask, 3, 2);
        // Column-major pixels: column 0 = (0, 1, 0), column 1 = (1, 1, 0) → runs 0:1, 1:1, 0:1, 1:2, 0:1.
        Assert.Equal(new long[] { 1, 1, 1, 2, 1 }, rle.Counts);
        // rleToString: runs after the third are stored as differences to the run two back: 1, 1, 1, 2-1, 1-1 → "11110".
        Assert.Equal("11110", rle.ToCompressedString());
        // A long run exercises the 5-bit continuation and the sign bit.
        var big = CocoRle.FromCompressedString(new CocoRle(100, 100, [5000, 3000, 2000]).ToCompressedString(), 100, 100);
        Assert.Equal(new long[] { 5000, 3000, 2000 }, big.Counts);
    }

    [Fact]
    public void Rle_BadInput_Throws()
    {
        Assert.Throws<TesseraArgumentException>(() => new CocoRle(2, 2, [1, 2]));
        Assert.Throws<TesseraArgumentException>(() => CocoRle.FromCompressedString("1\u007f", 2, 2));
        Assert.Throws<TesseraArgumentException>(() => CocoRle.FromCompressedString("Z", 2, 2));
        Assert.Throws<TesseraArgumentException>(() => CocoRle.Encode(new byte[5], 2, 2));
    }

    [Fact]
    public void Polygon_ToMask_FillsPixelCentres()
    {
        var seg = CocoSegmentation.FromPolygons([[1, 1, 4, 1, 4, 3, 1, 3]]);
        var mask = seg.ToMask(5, 6);
        Assert.Equal(6, mask.Count(v => v == 1)); // columns 1..3 × rows 1..2
        Assert.Equal(1, mask[(1 * 6) + 1]);
        Assert.Equal(0, mask[(3 * 6) + 1]);
        Assert.Throws<TesseraArgumentException>(() => CocoSegmentation.FromPolygons([[1, 2, 3]]));
    }

    [Fact]
    public void CocoFile_SegmentationsKeypointsAndUnknownFields_SurviveARoundTrip()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-coco-").FullName;
        try
        {
            var path = Path.Combine(dir, "a.json");
            File.WriteAllText(path, """
            {"info": {"year": 2026}, "licenses": [{"id": 1}],
             "images": [{"id": 1, "file_name": "x.png", "width": 4, "height": 3, "coco_url": "u"}],
             "annotations": [
               {"id": 1, "image_id": 1, "category_id": 2, "bbox": [0,0,2,2], "area": 3, "iscrowd": 0,
                "segmentation": [[0,0,2,0,2,2,0,2]], "keypoints": [1,1,2, 0,0,0], "attributes": {"color": "red"}},
               {"id": 2, "image_id": 1, "category_id": 2, "bbox": [0,0,4,3], "area": 12, "iscrowd": 1,
                "segmentation": {"size": [3, 4], "counts": [0, 12]}},
               {"id": 3, "image_id": 1, "category_id": 2, "bbox": [0,0,1,1], "area": 1,
                "segmentation": {"size": [3, 4], "counts": "01;"}}],
             "categories": [{"id": 2, "name": "shape", "keypoints": ["a", "b"], "skeleton": [[1, 2]]}]}
            """);
            var d = CocoFile.Read(path);
            Assert.Equal(2, d.Annotations[0].Segmentation!.Polygons![0].Count / 2 - 2);
            Assert.Equal(1, d.Annotations[0].NumKeypoints);
            Assert.False(d.Annotations[1].Segmentation!.RleCompressed);
            Assert.Equal(12, d.Annotations[1].Segmentation!.Rle!.Area);
            Assert.True(d.Annotations[2].Segmentation!.RleCompressed);
            Assert.Equal("red", (string)d.Annotations[0].Extra!["attributes"]!["color"]!);
            var outPath = Path.Combine(dir, "b.json");
            CocoFile.Write(outPath, d);
            var a = JsonNode.Parse(File.ReadAllText(path))!;
            var b = JsonNode.Parse(File.ReadAllText(outPath))!;
            Assert.True(JsonNode.DeepEquals(a["info"], b["info"]));
            Assert.True(JsonNode.DeepEquals(a["licenses"], b["licenses"]));
            Assert.Equal("u", (string)b["images"]![0]!["coco_url"]!);
            Assert.True(JsonNode.DeepEquals(a["categories"]![0]!["skeleton"], b["categories"]![0]!["skeleton"]));
            Assert.True(JsonNode.DeepEquals(a["annotations"]![0]!["attributes"], b["annotations"]![0]!["attributes"]));
            Assert.True(JsonNode.DeepEquals(a["annotations"]![1]!["segmentation"], b["annotations"]![1]!["segmentation"]));
            Assert.Equal(d.Annotations[2].Segmentation!.Rle!.Counts, CocoFile.Read(outPath).Annotations[2].Segmentation!.Rle!.Counts);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("\"segmentation\": [[0,0,1]]", "polygon")]
    [InlineData("\"segmentation\": {\"size\": [3,4], \"counts\": [1, 2]}", "runs sum")]
    [InlineData("\"segmentation\": {\"counts\": [12]}", "size")]
    [InlineData("\"segmentation\": 5", "list of polygons")]
    [InlineData("\"keypoints\": [1, 2]", "triples")]
    public void CocoFile_BadSegmentationOrKeypoints_ThrowNamingFileAndEntry(string field, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("tessera-coco-bad-").FullName;
        try
        {
            var path = Path.Combine(dir, "bad.json");
            File.WriteAllText(path, "{\"images\": [{\"id\": 1, \"file_name\": \"x.png\", \"width\": 4, \"height\": 3}], \"annotations\": [{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1,1], " + field + "}], \"categories\": []}");
            var e = Assert.Throws<TesseraFormatException>(() => CocoFile.Read(path));
            Assert.Contains("bad.json", e.Message);
            Assert.Contains("annotations[0]", e.Message);
            Assert.Contains(expected, e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
