using System.Text.Json.Nodes;
using Tessera.Augment;
using Tessera.Augment.Geometric;
using Tessera.Core.Imaging;
using Tessera.Data.Coco;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

/// <summary>
/// <c>augment run --coco</c> moves polygon and RLE segmentations as instance masks and writes them back as RLE that
/// equals the transformed input mask. Stated tolerance: 0 differing pixels (nearest-neighbour moves and exact crops).
/// </summary>
public class AugmentCocoMaskTests
{
    private const int H = 67;
    private const int W = 89;

    private static readonly double[] Polygon = [10, 5, 60, 12, 70, 40, 40, 60, 12, 44];

    /// <summary>An irregular blob (disc plus a bar) as a row-major 0/1 mask.</summary>
    private static byte[] Blob()
    {
        var m = new byte[H * W];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var disc = ((x - 62) * (x - 62)) + ((y - 30) * (y - 30)) < 15 * 15;
                var bar = x is >= 5 and < 30 && y is >= 50 and < 55;
                m[(y * W) + x] = (byte)(disc || bar ? 1 : 0);
            }
        }
        return m;
    }

    private static string Setup(string transforms)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-augcoco-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "imgs"));
        File.Copy(Path.Combine(SharedFixtures.Get("augment", "inputs"), "coffee_67x89.png"), Path.Combine(dir, "imgs", "a.png"));
        File.WriteAllText(Path.Combine(dir, "pipe.json"),
            """{"__version__": "1.3.1", "transform": {"__class_fullname__": "Compose", "p": 1.0, "transforms": ["""
            + transforms + """], "bbox_params": {"format": "coco", "label_fields": []}}}""");
        var blob = CocoRle.Encode(Blob(), H, W);
        var coco = new JsonObject
        {
            ["images"] = new JsonArray(new JsonObject { ["id"] = 1, ["file_name"] = "a.png", ["width"] = W, ["height"] = H }),
            ["annotations"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = 1, ["image_id"] = 1, ["category_id"] = 1, ["bbox"] = new JsonArray(10, 5, 60, 55),
                    ["segmentation"] = new JsonArray(new JsonArray(Polygon.Select(v => (JsonNode?)v).ToArray())),
                },
                new JsonObject
                {
                    ["id"] = 2, ["image_id"] = 1, ["category_id"] = 2, ["bbox"] = new JsonArray(5, 15, 72, 40), ["iscrowd"] = 1,
                    ["segmentation"] = new JsonObject { ["size"] = new JsonArray(H, W), ["counts"] = new JsonArray(blob.Counts.Select(c => (JsonNode?)c).ToArray()) },
                },
                new JsonObject
                {
                    ["id"] = 3, ["image_id"] = 1, ["category_id"] = 3, ["bbox"] = new JsonArray(5, 15, 72, 40),
                    ["segmentation"] = new JsonObject { ["size"] = new JsonArray(H, W), ["counts"] = blob.ToCompressedString() },
                }),
            ["categories"] = new JsonArray(new JsonObject { ["id"] = 1, ["name"] = "poly" }, new JsonObject { ["id"] = 2, ["name"] = "rle" },
                new JsonObject { ["id"] = 3, ["name"] = "compressed" }),
        };
        File.WriteAllText(Path.Combine(dir, "coco.json"), coco.ToJsonString());
        return dir;
    }

    private static Dictionary<long, CocoAnnotation> Run(string dir)
    {
        var (code, output) = CliRunner.Run("augment", "run", "--pipeline", Path.Combine(dir, "pipe.json"), "--images", Path.Combine(dir, "imgs"),
            "--coco", Path.Combine(dir, "coco.json"), "--out", Path.Combine(dir, "out"), "--seed", "3");
        Assert.True(code == 0, output);
        return CocoFile.Read(Path.Combine(dir, "out", "annotations.json")).Annotations.ToDictionary(a => a.CategoryId);
    }

    private static int Differences(byte[] expected, CocoAnnotation actual, int h, int w)
    {
        Assert.NotNull(actual.Segmentation?.Rle);
        Assert.Equal((h, w), (actual.Segmentation!.Rle!.Height, actual.Segmentation.Rle.Width));
        var got = actual.Segmentation.Rle.Decode();
        Assert.Equal(got.Count(v => v != 0), (int)actual.Area);
        return expected.Zip(got).Count(p => (p.First != 0) != (p.Second != 0));
    }

    [Fact]
    public void Run_RotatedFlippedCropped_MasksMatchTheMovedInputMasksExactly()
    {
        // Transpose + HorizontalFlip is a 90° clockwise rotation; the crop then keeps rows 6..57 and columns 4..39 of it
        var dir = Setup("""
            {"__class_fullname__": "Transpose", "p": 1.0}, {"__class_fullname__": "HorizontalFlip", "p": 1.0},
            {"__class_fullname__": "Crop", "p": 1.0, "x_min": 4, "y_min": 6, "x_max": 40, "y_max": 58}
            """);
        try
        {
            var anns = Run(dir);
            var inputs = new Dictionary<long, byte[]>
            {
                [1] = CocoSegmentation.FromPolygons([Polygon]).ToMask(H, W),
                [2] = Blob(),
                [3] = Blob(),
            };
            const int oh = 52, ow = 36;
            foreach (var (category, input) in inputs)
            {
                var expected = new byte[oh * ow];
                for (var y = 0; y < oh; y++)
                {
                    for (var x = 0; x < ow; x++)
                    {
                        expected[(y * ow) + x] = input[((H - 1 - (x + 4)) * W) + y + 6];
                    }
                }
                Assert.True(expected.Any(v => v != 0), "the crop keeps part of every mask");
                Assert.Equal(0, Differences(expected, anns[category], oh, ow));
            }
            Assert.Equal(1, anns[2].IsCrowd);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Run_Rotate30_MasksMatchTheRotatedInputMasks()
    {
        var dir = Setup("""{"__class_fullname__": "Rotate", "p": 1.0, "limit": [30, 30], "border_mode": 0}""");
        try
        {
            var anns = Run(dir);
            var rotate = new Rotate(limit: (30, 30), borderMode: BorderMode.Constant, p: 1);
            foreach (var (category, input) in new Dictionary<long, byte[]> { [1] = CocoSegmentation.FromPolygons([Polygon]).ToMask(H, W), [3] = Blob() })
            {
                using var mask = Image.FromPixels<byte>(input, H, W, 1, keep2D: true);
                using var moved = rotate.ApplyToMask(mask, new RotateParams(30));
                var expected = moved.Bytes.ToArray();
                Assert.True(expected.Count(v => v != 0) > 100);
                Assert.Equal(0, Differences(expected, anns[category], H, W));
                // the rotation really moved it: the unrotated mask differs in many pixels
                Assert.True(input.Zip(expected).Count(p => p.First != p.Second) > 100);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Run_RleOfAnotherSize_IsANamedError()
    {
        var dir = Setup("""{"__class_fullname__": "HorizontalFlip", "p": 1.0}""");
        try
        {
            var path = Path.Combine(dir, "coco.json");
            var node = JsonNode.Parse(File.ReadAllText(path))!;
            var small = CocoRle.Encode(new byte[10 * 10], 10, 10);
            node["annotations"]![2]!["segmentation"] = new JsonObject { ["size"] = new JsonArray(10, 10), ["counts"] = small.ToCompressedString() };
            File.WriteAllText(path, node.ToJsonString());
            var (code, output) = CliRunner.Run("augment", "run", "--pipeline", Path.Combine(dir, "pipe.json"), "--images", Path.Combine(dir, "imgs"),
                "--coco", path, "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, code);
            Assert.Contains("annotation 3", output, StringComparison.Ordinal);
            Assert.Contains("10×10", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
