using System.Globalization;
using Tessera.Augment;
using Tessera.Augment.Crops;
using Tessera.Augment.Dropout;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Imaging;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary>Gallery of the spatial transforms on an embedded photo with its mask, boxes and keypoints drawn.</summary>
internal sealed class AugmentSection : IDemoSection
{
    /// <inheritdoc />
    public string Title => "Augment: spatial transforms (albumentations 1.3.1 compatible)";

    /// <inheritdoc />
    public string Id => "augment";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var image = Embedded("chelsea.png");
        var mask = Embedded("chelsea.mask.png");
        double[][] boxes = [[55, 50, 100, 95], [141, 27, 219, 82], [206, 154, 257, 181], [0, 2.5, 31.25, 54.75], [115, 108, 121, 113]];
        double[][] keypoints = [[77, 72], [0, 0], [256, 180], [128.75, 89.75], [10.5, 175.5], [256, 2]];
        (string Label, ITransform T)[] gallery =
        [
            ("input", new Compose([])),
            ("HorizontalFlip", new HorizontalFlip(1)),
            ("Transpose", new Transpose(1)),
            ("RandomRotate90", new RandomRotate90(1)),
            ("Rotate ±30, reflect", new Rotate((-30, 30), p: 1)),
            ("SafeRotate ±40", new SafeRotate((-40, 40), borderMode: BorderMode.Constant, p: 1)),
            ("ShiftScaleRotate", new ShiftScaleRotate(rotateLimit: (-20, 20), borderMode: BorderMode.Constant, p: 1)),
            ("Affine shear, fit", new Affine(shear: new AxisRanges((-20, 20), (0, 0)), rotate: (-15, 15), fitOutput: true, p: 1)),
            ("Perspective", new Perspective((0.05, 0.12), p: 1)),
            ("RandomResizedCrop", new RandomResizedCrop(128, 180, (0.3, 0.9))),
            ("RandomSizedBBoxSafeCrop", new RandomSizedBBoxSafeCrop(128, 180)),
            ("CropNonEmptyMaskIfExists", new CropNonEmptyMaskIfExists(100, 140)),
            ("PadIfNeeded constant", new PadIfNeeded(220, 300, borderMode: BorderMode.Constant, value: [40, 80, 160])),
            ("LongestMaxSize 200", new LongestMaxSize([200])),
            ("GridDistortion", new GridDistortion(5, (-0.4, 0.4), p: 1)),
            ("ElasticTransform", new ElasticTransform(60, 6, 5, p: 1)),
            ("OpticalDistortion", new OpticalDistortion((0.6, 0.6), p: 1)),
            ("PiecewiseAffine", new PiecewiseAffine((0.03, 0.05), p: 1)),
            ("RandomGridShuffle 3x3", new RandomGridShuffle((3, 3), p: 1)),
            ("CoarseDropout", new CoarseDropout(8, 25, 25, 4, 10, 10, [0], [0], p: 1)),
            ("GridDropout", new GridDropout(0.4, randomOffset: true, maskFillValue: [0], p: 1)),
            ("MaskDropout", new MaskDropout((1, 2), p: 1)),
        ];
        var pictures = new List<Image>();
        var rows = new List<IReadOnlyList<string>>();
        for (var i = 0; i < gallery.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (label, t) = gallery[i];
            var (boxesOk, kpsOk) = (t.SupportsBoxes, t.SupportsKeypoints);
            var pipeline = new Compose(t is Compose c ? c.Transforms : [t], new BboxParams { MinVisibility = 0.1 }, new KeypointParams { Format = KeypointFormat.Xy });
            var sample = new Sample { Image = image, Mask = mask, Bboxes = boxesOk ? boxes : [], Keypoints = kpsOk ? keypoints : [] };
            var output = pipeline.Apply(sample, (ulong)(i + 1));
            pictures.Add(SampleDrawing.Draw(output, BoxFormat.PascalVoc));
            rows.Add([label, $"{output.Image.Height}×{output.Image.Width}", output.Bboxes.Count.ToString(CultureInfo.InvariantCulture),
                output.Keypoints.Count.ToString(CultureInfo.InvariantCulture)]);
        }
        section.Paragraph("Each transform is applied once (seed = its row number) to skimage's chelsea (181×257) with its label mask "
            + "(tinted), five pascal_voc boxes and six keypoints (white crosses). Boxes are clipped and filtered by the pipeline "
            + "(min_visibility 0.1); keypoints outside the image are removed. Left to right, top to bottom:");
        section.Picture("gallery", SampleDrawing.Grid(pictures, (pictures.Count + 3) / 4, 4), "spatial transforms with their targets");
        section.Table(["transform", "output size", "boxes kept", "keypoints kept"], rows);
        var example = new Compose([new RandomResizedCrop(128, 128, (0.5, 1.0)), new Flip(0.5), new ShiftScaleRotate(p: 0.5)],
            new BboxParams { Format = BoxFormat.Coco, LabelFields = ["labels"] });
        section.Paragraph("A pipeline saved in albumentations' own serialized form (A.load reads it):");
        section.RawHtml("<pre>" + System.Net.WebUtility.HtmlEncode(AlbumentationsJson.Write(example)) + "</pre>");
    }

    private static Image Embedded(string name)
    {
        using var stream = typeof(AugmentSection).Assembly.GetManifestResourceStream($"Tessera.Cli.Demo.Assets.{name}")
            ?? throw new InvalidOperationException($"embedded demo asset {name} is missing");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        var path = Path.Combine(Path.GetTempPath(), $"tessera-demo-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, ms.ToArray());
            return ImageFile.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
