using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Core.Progress;
using Tessera.Data.Coco;
using Tessera.Data.Masks;
using Tessera.Imaging;

namespace Tessera.Data.World;

/// <summary>
/// Writes generated scenes to disk in the formats Tessera's readers read, so the world exercises the real code paths:
/// <list type="bullet">
/// <item><c>images/NNNNNN.png</c> (RGB) and <c>annotations.json</c> (COCO: boxes, RLE masks of the visible pixels,
/// keypoints, per-object <c>attributes</c>, per-image <c>caption</c>; categories = the shapes, id = shape + 1);</item>
/// <item><c>masks/semantic/NNNNNN.png</c> (palette PNG, index = shape + 1) and <c>masks/instances/NNNNNN.png</c>
/// (8-bit gray, value = instance id): mask folders;</item>
/// <item><c>referring.json</c>: PhraseCut-like entries (image, phrase, RLE mask, box of the referred object);</item>
/// <item><c>captions.json</c>: COCO-captions style;</item>
/// <item><c>classification/COLOUR_SHAPE/NNNNNN.png</c>: an image folder whose class is the largest visible object;</item>
/// <item><c>world.json</c>: domain, seed, size, count and the vocabularies.</item>
/// </list>
/// Every file is written atomically. The output depends only on the world's options, <c>start</c> and <c>count</c>.
/// </summary>
public static class WorldWriter
{
    /// <summary>Format tag written to <c>world.json</c>.</summary>
    public const string Format = "tessera-shapes-world/1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Generates scenes <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 and writes them to <paramref name="directory"/>.</summary>
    /// <param name="world">The generator.</param>
    /// <param name="count">Number of scenes (≥ 1).</param>
    /// <param name="directory">Output folder (created; existing files with the same names are replaced).</param>
    /// <param name="start">First sample index.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads (−1: all cores); the files do not depend on it.</param>
    /// <param name="progress">Receives "generate" reports; may be null.</param>
    /// <param name="cancellationToken">Stops between scenes (throws <see cref="OperationCanceledException"/>; files written so far stay).</param>
    /// <returns>The number of scenes written.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="count"/> is not positive or <paramref name="start"/> is negative.</exception>
    public static int Write(ShapesWorld world, int count, string directory, int start = 0, int maxDegreeOfParallelism = -1,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(directory);
        Guard.Positive(count);
        Guard.That(start >= 0, nameof(start), $"must not be negative (got {start})");
        foreach (var sub in new[] { "images", "masks/semantic", "masks/instances", "classification" })
        {
            Directory.CreateDirectory(Path.Combine(directory, sub));
        }
        var scenes = new WorldScene[count];
        var done = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken }, i =>
        {
            var scene = world.Generate(start + i);
            WriteFiles(scene, directory);
            scenes[i] = scene;
            var n = Interlocked.Increment(ref done);
            if (n % 50 == 0 || n == count) { progress?.Report(new ProgressReport("generate", n, count)); }
        });
        AtomicFile.WriteAllText(Path.Combine(directory, "annotations.json"), CocoJson(scenes).ToJsonString(Indented));
        AtomicFile.WriteAllText(Path.Combine(directory, "captions.json"), CaptionsJson(scenes).ToJsonString(Indented));
        AtomicFile.WriteAllText(Path.Combine(directory, "referring.json"), ReferringJson(scenes, world.Options.Size).ToJsonString(Indented));
        AtomicFile.WriteAllText(Path.Combine(directory, "world.json"), MetaJson(world, start, count).ToJsonString(Indented));
        return count;
    }

    /// <summary>File stem of sample <paramref name="index"/> (six digits).</summary>
    /// <param name="index">Sample index.</param>
    /// <returns>E.g. "000042".</returns>
    public static string Stem(int index) => index.ToString("D6", CultureInfo.InvariantCulture);

    private static void WriteFiles(WorldScene scene, string directory)
    {
        var stem = Stem(scene.Index);
        using (var image = scene.ToImage())
        {
            var png = ImageFile.Encode(image, ".png");
            AtomicFile.WriteAllBytes(Path.Combine(directory, "images", stem + ".png"), png);
            if (scene.Objects.Count > 0)
            {
                var main = scene.Objects.OrderByDescending(o => o.Area).ThenBy(o => o.InstanceId).First();
                AtomicFile.WriteAllBytes(Path.Combine(directory, "classification", $"{main.ColorName}_{main.ShapeName}", stem + ".png"), png);
            }
        }
        AtomicFile.WriteAllBytes(Path.Combine(directory, "masks", "semantic", stem + ".png"),
            PalettePng.Encode(scene.SemanticMask, scene.Height, scene.Width, SemanticPalette));
        using (var instances = Tessera.Core.Imaging.Image.FromPixels<byte>(scene.InstanceMask, scene.Height, scene.Width, 1, keep2D: true))
        {
            AtomicFile.WriteAllBytes(Path.Combine(directory, "masks", "instances", stem + ".png"), ImageFile.Encode(instances, ".png"));
        }
    }

    /// <summary>Palette of the semantic PNGs: black background, then one colour per shape.</summary>
    internal static IReadOnlyList<(byte R, byte G, byte B)> SemanticPalette { get; } =
        [(0, 0, 0), (230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200), (245, 130, 48), (145, 30, 180), (70, 240, 240)];


    private static JsonObject RleJson(CocoRle rle) => new()
    {
        ["size"] = new JsonArray(rle.Height, rle.Width),
        ["counts"] = rle.ToCompressedString(),
    };

    private static JsonObject CocoJson(IReadOnlyList<WorldScene> scenes)
    {
        var images = new JsonArray();
        var annotations = new JsonArray();
        var nextId = 1L;
        foreach (var s in scenes)
        {
            images.Add(new JsonObject
            {
                ["id"] = s.Index, ["file_name"] = Stem(s.Index) + ".png", ["width"] = s.Width, ["height"] = s.Height,
                ["caption"] = s.Caption, ["background"] = s.Background, ["domain"] = s.Domain,
            });
            foreach (var o in s.Objects)
            {
                annotations.Add(new JsonObject
                {
                    ["id"] = nextId++,
                    ["image_id"] = s.Index,
                    ["category_id"] = o.SemanticLabel,
                    ["bbox"] = new JsonArray([.. o.Box.Select(v => (JsonNode?)v)]),
                    ["area"] = o.Area,
                    ["iscrowd"] = 0,
                    ["segmentation"] = RleJson(CocoRle.Encode(s.ObjectMask(o.InstanceId), s.Height, s.Width)),
                    ["keypoints"] = new JsonArray([.. o.Keypoints.SelectMany(k => new JsonNode?[] { Math.Round(k.X, 2), Math.Round(k.Y, 2), k.Visibility })]),
                    ["num_keypoints"] = o.Keypoints.Count,
                    ["instance_id"] = o.InstanceId,
                    ["attributes"] = new JsonObject
                    {
                        ["color"] = o.ColorName, ["size"] = o.SizeName, ["texture"] = o.TextureName,
                        ["rotation"] = Math.Round(o.RotationDegrees, 2), ["visible_fraction"] = Math.Round(o.VisibleFraction, 4),
                    },
                    ["outline"] = new JsonArray([.. o.Outline.Select(v => (JsonNode?)v)]),
                });
            }
        }
        var categories = new JsonArray([.. Enum.GetValues<ShapeKind>().Select(k => (JsonNode?)new JsonObject
        {
            ["id"] = (int)k + 1, ["name"] = WorldVocabulary.Shapes[(int)k], ["supercategory"] = "shape",
            ["keypoints"] = new JsonArray([.. ShapeGeometry.KeypointNames(k).Select(n => (JsonNode?)n)]),
            ["skeleton"] = new JsonArray(),
        })]);
        return new JsonObject
        {
            ["info"] = new JsonObject { ["description"] = "Tessera shapes world", ["version"] = Format },
            ["images"] = images, ["annotations"] = annotations, ["categories"] = categories,
        };
    }

    private static JsonObject CaptionsJson(IReadOnlyList<WorldScene> scenes) => new()
    {
        ["images"] = new JsonArray([.. scenes.Select(s => (JsonNode?)new JsonObject { ["id"] = s.Index, ["file_name"] = Stem(s.Index) + ".png" })]),
        ["annotations"] = new JsonArray([.. scenes.Select(s => (JsonNode?)new JsonObject { ["id"] = s.Index, ["image_id"] = s.Index, ["caption"] = s.Caption })]),
    };

    private static JsonArray ReferringJson(IReadOnlyList<WorldScene> scenes, int size)
    {
        var entries = new JsonArray();
        var task = 0;
        foreach (var s in scenes)
        {
            foreach (var r in s.ReferringExpressions)
            {
                var o = s.Objects[r.InstanceId - 1];
                entries.Add(new JsonObject
                {
                    ["task_id"] = $"{Stem(s.Index)}__{task++}",
                    ["image"] = "images/" + Stem(s.Index) + ".png",
                    ["image_id"] = s.Index,
                    ["phrase"] = r.Phrase,
                    ["instance_ids"] = new JsonArray(r.InstanceId),
                    ["boxes"] = new JsonArray(new JsonArray([.. o.Box.Select(v => (JsonNode?)v)])),
                    ["mask"] = RleJson(CocoRle.Encode(s.ObjectMask(r.InstanceId), size, size)),
                    ["unique"] = r.Unique,
                    ["uses_relation"] = r.UsesRelation,
                });
            }
        }
        return entries;
    }

    private static JsonObject MetaJson(ShapesWorld world, int start, int count) => new()
    {
        ["format"] = Format,
        ["domain"] = world.Options.Domain.Name,
        ["description"] = world.Options.Domain.Description,
        ["seed"] = world.Options.Seed,
        ["size"] = world.Options.Size,
        ["start"] = start,
        ["count"] = count,
        ["photos"] = world.PhotoCount,
        ["shapes"] = new JsonArray([.. WorldVocabulary.Shapes.Select(v => (JsonNode?)v)]),
        ["colors"] = new JsonArray([.. WorldVocabulary.Colors.Select(v => (JsonNode?)v)]),
        ["sizes"] = new JsonArray([.. WorldVocabulary.Sizes.Select(v => (JsonNode?)v)]),
        ["textures"] = new JsonArray([.. WorldVocabulary.Textures.Select(v => (JsonNode?)v)]),
        ["semantic_labels"] = new JsonArray([.. WorldVocabulary.Shapes.Prepend("background").Select(v => (JsonNode?)v)]),
    };
}
