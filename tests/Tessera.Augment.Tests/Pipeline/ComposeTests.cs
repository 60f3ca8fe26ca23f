using Tessera.Augment.Crops;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Tests.Pipeline;

public class ComposeTests
{
    private static Compose Spatial(params ITransform[] t) => new(t, TestSamples.Boxes, TestSamples.Keypoints);

    [Fact]
    public void Apply_MaskSizeDiffers_ThrowsNamingMask()
    {
        var s = new Sample { Image = TestSamples.Rgb(10, 12), Mask = Image.CreateGray(10, 11, PixelType.UInt8) };
        var e = Assert.Throws<TesseraArgumentException>(() => new Compose([new HorizontalFlip(1)]).Apply(s, 1));
        Assert.Equal("mask", e.ParamName);
    }

    [Theory]
    [InlineData(new double[] { 5, 5, 70, 20 })]
    [InlineData(new double[] { 30, 5, 20, 20 })]
    [InlineData(new double[] { 5, 5, double.NaN, 20 })]
    [InlineData(new double[] { -3, 5, 10, 20 })]
    public void Apply_InvalidBox_ThrowsNamingBboxes(double[] box)
    {
        var s = new Sample { Image = TestSamples.Rgb(48, 64), Bboxes = [box], Labels = new Dictionary<string, IReadOnlyList<object>> { ["box_labels"] = [1L] } };
        var e = Assert.Throws<TesseraArgumentException>(() => new Compose([new HorizontalFlip(1)], TestSamples.Boxes).Apply(s, 1));
        Assert.Equal("bboxes", e.ParamName);
    }

    [Fact]
    public void Apply_NaNKeypoint_ThrowsNamingKeypoints()
    {
        var s = new Sample { Image = TestSamples.Rgb(48, 64), Keypoints = [[double.NaN, 1, 0, 1]], Labels = new Dictionary<string, IReadOnlyList<object>> { ["kp_labels"] = [1L] } };
        var e = Assert.Throws<TesseraArgumentException>(() => new Compose([new HorizontalFlip(1)], keypointParams: TestSamples.Keypoints).Apply(s, 1));
        Assert.Equal("keypoints", e.ParamName);
    }

    [Fact]
    public void Parse_UnknownBoxFormat_ThrowsNamingFormat()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => BoxFormatNames.Parse("xywh"));
        Assert.Equal("format", e.ParamName);
        Assert.Contains("coco", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_CropLargerThanImage_ThrowsNamingCrop()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new Compose([new RandomCrop(100, 100)]).Apply(new Sample { Image = TestSamples.Rgb(48, 64) }, 1));
        Assert.Equal("crop", e.ParamName);
    }

    [Fact]
    public void Create_EmptyImage_ThrowsNamingHeight()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => Image.Create(0, 5, 3, PixelType.UInt8));
        Assert.Equal("height", e.ParamName);
    }

    [Fact]
    public void Read_UnknownTransform_ListsSupportedNames()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => AlbumentationsJson.Read("""{"__class_fullname__": "Twirl", "p": 1}"""));
        Assert.Equal("__class_fullname__", e.ParamName);
        Assert.Contains("HorizontalFlip", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownArgument_NamesItAndListsAccepted()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => AlbumentationsJson.Read("""{"__class_fullname__": "Rotate", "p": 1, "angle": 3}"""));
        Assert.Equal("Rotate.angle", e.ParamName);
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadArgumentValue_ThrowsNamingIt()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => AlbumentationsJson.Read("""{"__class_fullname__": "Rotate", "p": 1, "border_mode": 9}"""));
        Assert.Equal("Rotate.border_mode", e.ParamName);
    }

    [Fact]
    public void Apply_MinVisibility_DropsMostlyHiddenBoxes()
    {
        // Given boxes 90 % and 20 % inside a crop window
        var s = new Sample
        {
            Image = TestSamples.Rgb(40, 40),
            Bboxes = [[0, 0, 10, 10], [16, 0, 26, 10]],
            Labels = new Dictionary<string, IReadOnlyList<object>> { ["l"] = ["keep", "drop"] },
        };
        var pipeline = new Compose([new Crop(1, 0, 18, 40)], new BboxParams { LabelFields = ["l"], MinVisibility = 0.3 });

        // When cropped
        var output = pipeline.Apply(s, 1);

        // Then only the mostly visible box survives, clipped, with its label
        Assert.Equal(["keep"], output.Labels["l"]);
        Assert.Equal([0, 0, 9, 10], output.Bboxes[0].Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void Apply_MinArea_DropsSmallBoxes()
    {
        var s = new Sample { Image = TestSamples.Rgb(40, 40), Bboxes = [[0, 0, 4, 4], [10, 10, 30, 30]] };
        var output = new Compose([new HorizontalFlip(1)], new BboxParams { MinArea = 20 }).Apply(s, 1);
        Assert.Single(output.Bboxes);
        Assert.Equal([10, 10, 30, 30], output.Bboxes[0].Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void Apply_RemoveInvisible_DropsKeypointsThatLeave()
    {
        var s = new Sample { Image = TestSamples.Rgb(40, 40), Keypoints = [[5, 5], [35, 35]] };
        var output = new Compose([new Crop(0, 0, 20, 20)], keypointParams: new KeypointParams { Format = KeypointFormat.Xy }).Apply(s, 1);
        Assert.Equal([[5.0, 5.0]], output.Keypoints);
    }

    [Theory]
    [InlineData(BoxFormat.Coco)]
    [InlineData(BoxFormat.Yolo)]
    [InlineData(BoxFormat.Albumentations)]
    [InlineData(BoxFormat.PascalVoc)]
    public void Apply_AnyBoxFormat_FlipsConsistently(BoxFormat format)
    {
        var shape = new ImageShape(40, 50, 3);
        var voc = new NormalizedBox(0.1, 0.2, 0.4, 0.6);
        var input = BoxProcessor.FromInternal(voc, format, shape);
        var s = new Sample { Image = TestSamples.Rgb(40, 50), Bboxes = [input] };
        var output = new Compose([new HorizontalFlip(1)], new BboxParams { Format = format }).Apply(s, 1);
        var back = BoxProcessor.ToInternal(output.Bboxes[0], format, shape, 0);
        Assert.Equal(0.6, back.XMin, 9);
        Assert.Equal(0.9, back.XMax, 9);
        Assert.Equal(0.2, back.YMin, 9);
    }

    [Fact]
    public void OneOf_Always_AppliesExactlyOneChild()
    {
        var pipeline = new ReplayCompose([new OneOf([new HorizontalFlip(1), new VerticalFlip(1), new Transpose(1)], p: 1)]);
        for (ulong seed = 0; seed < 20; seed++)
        {
            var (_, record) = pipeline.ApplyWithRecord(new Sample { Image = TestSamples.Rgb(8, 8) }, new SeededRandom(seed));
            Assert.Equal(1, record.Children[0].Children.Count(c => c.Applied));
        }
    }

    [Fact]
    public void SomeOf_WithoutReplacement_AppliesNDistinctChildren()
    {
        var pipeline = new Compose([new SomeOf([new HorizontalFlip(1), new VerticalFlip(1), new Transpose(1)], n: 2, replace: false)]);
        var (_, record) = pipeline.ApplyWithRecord(new Sample { Image = TestSamples.Rgb(8, 8) }, new SeededRandom(3));
        Assert.Equal(2, record.Children[0].Children.Count(c => c.Applied));
    }

    [Fact]
    public void OneOrOther_ProbabilityOne_AppliesFirst()
    {
        var img = TestSamples.Rgb(6, 9);
        var output = new Compose([new OneOrOther([new HorizontalFlip(1), new VerticalFlip(1)], p: 1)]).Apply(new Sample { Image = img }, 1);
        Assert.True(output.Image.ContentEquals(new HorizontalFlip(1).ApplyToImage(img, NoParams.Instance)));
    }

    [Fact]
    public void Sequential_ProbabilityZero_ChangesNothing()
    {
        var img = TestSamples.Rgb(6, 9);
        var output = new Compose([new Sequential([new HorizontalFlip(1)], p: 0)]).Apply(new Sample { Image = img }, 1);
        Assert.True(output.Image.ContentEquals(img));
        Assert.NotSame(img, output.Image);
    }

    [Fact]
    public void AlwaysApply_WithProbabilityZero_StillApplies()
    {
        var img = TestSamples.Rgb(6, 9);
        var output = new Compose([new HorizontalFlip(0, alwaysApply: true)]).Apply(new Sample { Image = img }, 1);
        Assert.False(output.Image.ContentEquals(img));
    }

    [Fact]
    public void Apply_AdditionalTargets_GetSameParameters()
    {
        var img = TestSamples.Rgb(20, 30);
        var pipeline = new Compose([new Rotate((-30, 30), p: 1)], additionalTargets: new Dictionary<string, string> { ["image2"] = "image" });
        var output = pipeline.Apply(new Sample { Image = img, Extra = new Dictionary<string, Image> { ["image2"] = img } }, 11);
        Assert.True(output.Image.ContentEquals(output.Extra["image2"]));
    }

    [Fact]
    public void Apply_UndeclaredExtraTarget_ThrowsNamingExtra()
    {
        var img = TestSamples.Rgb(20, 30);
        var e = Assert.Throws<TesseraArgumentException>(() => new Compose([new HorizontalFlip(1)]).Apply(new Sample { Image = img, Extra = new Dictionary<string, Image> { ["x"] = img } }, 1));
        Assert.Equal("extra", e.ParamName);
    }

    [Fact]
    public void Apply_LabelCountMismatch_ThrowsNamingLabels()
    {
        var s = new Sample { Image = TestSamples.Rgb(20, 20), Bboxes = [[1, 1, 5, 5]], Labels = new Dictionary<string, IReadOnlyList<object>> { ["box_labels"] = [] } };
        var e = Assert.Throws<TesseraArgumentException>(() => Spatial(new HorizontalFlip(1)).Apply(s, 1));
        Assert.Equal("labels", e.ParamName);
    }
}
