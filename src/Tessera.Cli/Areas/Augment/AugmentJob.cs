using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.IO;
using Tessera.Core.Random;
using Tessera.Data.Coco;
using Tessera.Imaging;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary>
/// One <c>augment run</c>: the pipeline (with COCO-format box / keypoint params when a COCO file is given), the input
/// list and the output layout. Each sample is independent and written atomically, so runs can be resumed.
/// </summary>
internal sealed class AugmentJob
{
    private const string CategoryField = "__category_id";
    private const string AnnotationField = "__annotation";
    private const string KeypointOwnerField = "__kp_annotation";
    private const string KeypointIndexField = "__kp_index";
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"];

    private readonly ComposeBase _pipeline;
    private readonly IReadOnlyList<string> _images;
    private readonly string? _masks;
    private readonly CocoDataset? _coco;
    private readonly Dictionary<string, List<CocoAnnotation>> _annotationsByFile = new(StringComparer.Ordinal);
    private readonly string _out;
    private readonly ulong _seed;
    private readonly int _repeat;
    private readonly bool _toTensor;

    private AugmentJob(ComposeBase pipeline, IReadOnlyList<string> images, string? masks, CocoDataset? coco, string output, ulong seed, int repeat)
    {
        _pipeline = pipeline;
        _images = images;
        _masks = masks;
        _coco = coco;
        _out = output;
        _seed = seed;
        _repeat = repeat;
        _toTensor = pipeline.Transforms.Count > 0 && pipeline.Transforms[^1] is Tessera.Augment.Color.ToTensorV2;
        if (coco is not null)
        {
            var byImage = coco.AnnotationsByImage();
            foreach (var img in coco.Images)
            {
                _annotationsByFile[Path.GetFileName(img.FileName)] = [.. byImage[img.Id]];
            }
        }
    }

    /// <summary>Number of output samples (images × repeat).</summary>
    public int Count => _images.Count * _repeat;

    public static AugmentJob Create(string pipelinePath, string images, string? masks, string? coco, string output, ulong seed, int repeat)
    {
        if (!Directory.Exists(images))
        {
            throw new DirectoryNotFoundException($"--images: folder '{images}' does not exist");
        }
        if (masks is not null && !Directory.Exists(masks))
        {
            throw new DirectoryNotFoundException($"--masks: folder '{masks}' does not exist");
        }
        Guard.That(!string.Equals(Path.GetFullPath(output).TrimEnd('/'), Path.GetFullPath(images).TrimEnd('/'), StringComparison.Ordinal), "--out",
            $"must be a different folder from --images ('{images}'): outputs named like the inputs would be taken for finished samples");
        var pipeline = AlbumentationsJson.ReadPipelineFile(pipelinePath);
        var files = Directory.EnumerateFiles(images).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        Guard.That(files.Count > 0, "--images", $"folder '{images}' holds no images ({string.Join(" ", ImageExtensions)})");
        CocoDataset? dataset = null;
        if (coco is not null)
        {
            dataset = CocoFile.Read(coco);
            Guard.That(pipeline.SupportsBoxes, "--coco", "the pipeline holds a transform that cannot move boxes (albumentations 1.3.1 raises for it)");
            Guard.That(pipeline.SupportsKeypoints || dataset.Annotations.All(a => a.Keypoints is null), "--coco",
                "the annotations have keypoints but the pipeline holds a transform that cannot move keypoints");
            var bp = pipeline.BboxParams ?? new BboxParams();
            var kp = pipeline.KeypointParams ?? new KeypointParams();
            pipeline = new Compose(pipeline.Transforms,
                bp with { Format = BoxFormat.Coco, LabelFields = [CategoryField, AnnotationField] },
                kp with { Format = KeypointFormat.Xy, LabelFields = [KeypointOwnerField, KeypointIndexField] },
                pipeline.AdditionalTargets, pipeline.Probability, pipeline.IsCheckShapes);
        }
        Directory.CreateDirectory(output);
        return new AugmentJob(pipeline, files, masks, dataset, output, seed, repeat);
    }

    private string NameOf(int index)
    {
        var stem = Path.GetFileNameWithoutExtension(_images[index / _repeat]);
        return _repeat == 1 ? stem : $"{stem}_{index % _repeat}";
    }

    private string SidecarPath(string name) => Path.Combine(_out, ".tessera-annotations", name + ".json");

    /// <summary>Augments sample <paramref name="index"/>; false when its outputs already exist. Errors name the input image.</summary>
    public bool Run(int index)
    {
        try
        {
            return RunSample(index);
        }
        catch (TesseraArgumentException e)
        {
            throw new TesseraArgumentException($"{_images[index / _repeat]}: {e.Message}", e);
        }
        catch (TesseraFormatException e) when (!e.Message.Contains(_images[index / _repeat], StringComparison.Ordinal))
        {
            throw new TesseraFormatException($"{_images[index / _repeat]}: {e.Message}", e);
        }
    }

    private bool RunSample(int index)
    {
        var name = NameOf(index);
        var imageOut = Path.Combine(_out, name + ".png");
        // float images (a pipeline ending in Normalize/ToFloat) and ToTensorV2 outputs are written losslessly as .npy
        var npyOut = Path.Combine(_out, name + ".npy");
        if ((File.Exists(imageOut) || File.Exists(npyOut)) && (_coco is null || File.Exists(SidecarPath(name))))
        {
            return false;
        }
        var file = _images[index / _repeat];
        var image = ImageFile.Read(file);
        Image? mask = null;
        if (_masks is not null)
        {
            var maskPath = Path.Combine(_masks, Path.GetFileNameWithoutExtension(file) + ".png");
            if (!File.Exists(maskPath))
            {
                throw new FileNotFoundException($"--masks: image '{Path.GetFileName(file)}' has no mask '{maskPath}'", maskPath);
            }
            mask = ImageFile.ReadLabels(maskPath);
        }
        // the decoded input (ours, not the sample's) and the output go back to the pixel pool for the next sample
        using var decoded = image;
        using var decodedMask = mask;
        var instanceMasks = new List<Image>();
        try
        {
            var sample = BuildSample(image, mask, Path.GetFileName(file), instanceMasks, out var annotations, out var maskOf);
            using var output = _pipeline.Apply(sample, new SeededRandom(_seed, (ulong)index));
            WriteOutputs(name, imageOut, npyOut, output, annotations, maskOf);
        }
        finally
        {
            foreach (var m in instanceMasks)
            {
                m.Dispose();
            }
        }
        return true;
    }

    /// <summary>The 0/1 mask of a COCO segmentation; an RLE of another size than the image is an error naming the annotation.</summary>
    private static byte[] RasterizeSegmentation(CocoSegmentation seg, long annotationId, int height, int width, string fileName)
    {
        if (seg.Rle is { } rle && (rle.Height != height || rle.Width != width))
        {
            throw new TesseraFormatException(
                $"--coco: annotation {annotationId} of '{fileName}' has an RLE of size {rle.Height}×{rle.Width}, but the image is {height}×{width}");
        }
        return seg.ToMask(height, width);
    }

    private void WriteOutputs(string name, string imageOut, string npyOut, Sample output, List<CocoAnnotation> annotations, Dictionary<int, int> maskOf)
    {
        if (output.Mask is not null)
        {
            Directory.CreateDirectory(Path.Combine(_out, "masks"));
            ImageFile.Write(Path.Combine(_out, "masks", name + ".png"), output.Mask);
        }
        if (_coco is not null)
        {
            WriteSidecar(name, output, annotations, maskOf);
        }
        if (_toTensor)
        {
            // ToTensorV2 ends the pipeline: the array is written as the tensor albumentations hands over (C×H×W, same dtype)
            Npy.Write(npyOut, ToChw(output.Image.ToNdArray()));
        }
        else if (output.Image.PixelType == PixelType.Float32)
        {
            Npy.Write(npyOut, output.Image.ToNdArray());
        }
        else
        {
            ImageFile.Write(imageOut, output.Image);
        }
    }

    /// <summary>H×W×C (or H×W) → C×H×W, element by element, keeping the dtype.</summary>
    private static NdArray ToChw(NdArray hwc)
    {
        int h = hwc.Shape[0], w = hwc.Shape[1], c = hwc.Shape.Count > 2 ? hwc.Shape[2] : 1;
        var size = hwc.Bytes.Length / (h * w * c);
        var src = hwc.Bytes;
        var dst = new byte[src.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var k = 0; k < c; k++)
                {
                    src.Slice((((y * w) + x) * c + k) * size, size).CopyTo(dst.AsSpan((((k * h) + y) * w + x) * size, size));
                }
            }
        }
        return NdArray.FromBytes(hwc.DType, [c, h, w], dst);
    }

    private Sample BuildSample(Image image, Image? mask, string fileName, List<Image> instanceMasks, out List<CocoAnnotation> annotations,
        out Dictionary<int, int> maskOf)
    {
        annotations = _coco is not null && _annotationsByFile.TryGetValue(fileName, out var list) ? list : [];
        maskOf = [];
        if (_coco is null)
        {
            return new Sample { Image = image, Mask = mask };
        }
        var boxes = new List<double[]>();
        var categories = new List<object>();
        var owners = new List<object>();
        var keypoints = new List<double[]>();
        var kpOwners = new List<object>();
        var kpIndices = new List<object>();
        for (var a = 0; a < annotations.Count; a++)
        {
            var ann = annotations[a];
            boxes.Add([.. ann.Bbox]);
            categories.Add(ann.CategoryId);
            owners.Add((long)a);
            if (ann.Segmentation is { } seg)
            {
                // polygons and RLE become an instance mask that every transform moves with the image (albumentations' "masks")
                var pixels = RasterizeSegmentation(seg, ann.Id, image.Height, image.Width, fileName);
                maskOf[a] = instanceMasks.Count;
                instanceMasks.Add(Image.FromPixels<byte>(pixels, image.Height, image.Width, 1, keep2D: true));
            }
            if (ann.Keypoints is { } k)
            {
                for (var j = 0; j + 2 < k.Count; j += 3)
                {
                    if (k[j + 2] > 0)
                    {
                        keypoints.Add([k[j], k[j + 1]]);
                        kpOwners.Add((long)a);
                        kpIndices.Add((long)(j / 3));
                    }
                }
            }
        }
        return new Sample
        {
            Image = image,
            Mask = mask,
            Masks = instanceMasks,
            Bboxes = boxes,
            Keypoints = keypoints,
            Labels = new Dictionary<string, IReadOnlyList<object>>
            {
                [CategoryField] = categories,
                [AnnotationField] = owners,
                [KeypointOwnerField] = kpOwners,
                [KeypointIndexField] = kpIndices,
            },
        };
    }

    private void WriteSidecar(string name, Sample output, List<CocoAnnotation> annotations, Dictionary<int, int> maskOf)
    {
        var anns = new JsonArray();
        for (var b = 0; b < output.Bboxes.Count; b++)
        {
            var owner = (int)(long)output.Labels[AnnotationField][b];
            var source = annotations[owner];
            var o = new JsonObject
            {
                ["category_id"] = (long)output.Labels[CategoryField][b],
                ["bbox"] = new JsonArray(output.Bboxes[b].Select(v => (JsonNode?)v).ToArray()),
                ["iscrowd"] = source.IsCrowd,
            };
            if (maskOf.TryGetValue(owner, out var m))
            {
                // the transformed instance mask, written back as COCO compressed RLE (lossless; polygons would be re-traced)
                var moved = output.Masks[m];
                var rle = CocoRle.Encode(moved.Bytes, moved.Height, moved.Width);
                o["segmentation"] = new JsonObject { ["size"] = new JsonArray(rle.Height, rle.Width), ["counts"] = rle.ToCompressedString() };
                o["area"] = rle.Area;
            }
            if (source.Keypoints is { } k)
            {
                var flat = new double[k.Count];
                for (var i = 0; i < output.Keypoints.Count; i++)
                {
                    if ((long)output.Labels[KeypointOwnerField][i] == owner)
                    {
                        var j = (int)(long)output.Labels[KeypointIndexField][i];
                        flat[3 * j] = output.Keypoints[i][0];
                        flat[(3 * j) + 1] = output.Keypoints[i][1];
                        flat[(3 * j) + 2] = k[(3 * j) + 2];
                    }
                }
                o["keypoints"] = new JsonArray(flat.Select(v => (JsonNode?)v).ToArray());
            }
            anns.Add(o);
        }
        var root = new JsonObject { ["width"] = output.Image.Width, ["height"] = output.Image.Height, ["annotations"] = anns };
        var path = SidecarPath(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, root.ToJsonString());
    }

    /// <summary>Assembles <c>annotations.json</c> from the per-sample records (COCO input only).</summary>
    public void WriteAnnotations()
    {
        if (_coco is null)
        {
            return;
        }
        var images = new List<CocoImage>();
        var annotations = new List<CocoAnnotation>();
        for (var i = 0; i < Count; i++)
        {
            var name = NameOf(i);
            var node = JsonNode.Parse(File.ReadAllText(SidecarPath(name)))!;
            var id = i + 1L;
            images.Add(new CocoImage(id, name + ".png", node["width"]!.GetValue<int>(), node["height"]!.GetValue<int>()));
            foreach (var a in node["annotations"]!.AsArray())
            {
                var bbox = a!["bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
                var kps = a["keypoints"]?.AsArray().Select(v => v!.GetValue<double>()).ToList();
                CocoSegmentation? seg = null;
                if (a["segmentation"] is JsonObject rle)
                {
                    var size = rle["size"]!.AsArray();
                    seg = new CocoSegmentation(null, CocoRle.FromCompressedString(rle["counts"]!.GetValue<string>(), size[0]!.GetValue<int>(), size[1]!.GetValue<int>()));
                }
                var area = a["area"]?.GetValue<double>() ?? bbox[2] * bbox[3];
                annotations.Add(new CocoAnnotation(annotations.Count + 1L, id, a["category_id"]!.GetValue<long>(), bbox, area,
                    a["iscrowd"]!.GetValue<int>(), kps, kps is null ? 0 : Enumerable.Range(0, kps.Count / 3).Count(k => kps[(3 * k) + 2] > 0), seg));
            }
        }
        CocoFile.Write(Path.Combine(_out, "annotations.json"), new CocoDataset(images, annotations, _coco.Categories));
    }
}
