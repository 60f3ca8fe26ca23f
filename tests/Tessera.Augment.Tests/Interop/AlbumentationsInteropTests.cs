using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Augment.Tests.Catalogue;
using Tessera.Core.Arrays;
using Tessera.Core.Imaging;
using Tessera.Core.Random;
using Tessera.Imaging;
using Tessera.TestSupport;

namespace Tessera.Augment.Tests.Interop;

/// <summary>
/// Tessera and the real albumentations 1.3.1 read each other's serialized pipelines and replay dicts, and deterministic
/// pipelines give the same pixels whichever side wrote them. Skipped, by name, when <c>ALBUMENTATIONS_SRC</c> is unset.
/// </summary>
public sealed class AlbumentationsInteropTests
{
    private static readonly HashSet<string> Groups = ["Compose", "ReplayCompose", "OneOf", "SomeOf", "OneOrOther", "Sequential"];

    /// <summary>albumentations' deprecated aliases load in Tessera as the transform they stand for, so they write back under that name.</summary>
    private static readonly HashSet<string> Aliases = ["RandomBrightness", "RandomContrast", "JpegCompression"];

    /// <summary>
    /// Transforms albumentations 1.3.1 itself cannot write with <c>to_dict</c> (FDA and HistogramMatching raise
    /// NotImplementedError: they hold a read function), and ToTensorV2, which lives in albumentations.pytorch and needs
    /// python3-torch; it has its own test, skipped by name when torch is absent.
    /// </summary>
    private static readonly HashSet<string> NotWrittenByAlbumentations = ["FDA", "HistogramMatching", "ToTensorV2"];

    private static string Input(string name) => SharedFixtures.Get("augment", "inputs", name);

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-interop-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void RequirePeer() => Assert.SkipWhen(AlbumentationsPeer.Unavailable is not null, AlbumentationsPeer.Unavailable ?? "");

    private static ComposeBase Wrap(string transformJson)
        => (ComposeBase)AlbumentationsJson.Read($$"""{"__class_fullname__": "Compose", "p": 1.0, "transforms": [{{transformJson}}]}""");

    [Fact]
    public void TesseraWrittenJsonAndYaml_LoadInAlbumentations_EveryTransform()
    {
        RequirePeer();
        var dir = TempDir();
        try
        {
            foreach (var (name, json) in TransformExamples.Json.Where(kv => kv.Key != "ToTensorV2"))
            {
                var pipeline = Wrap(json);
                AlbumentationsJson.WriteFile(Path.Combine(dir, name + ".json"), pipeline);
                AlbumentationsJson.WriteFile(Path.Combine(dir, name + ".yaml"), pipeline);
            }
            var results = AlbumentationsPeer.RunJson("load", dir);
            Assert.Equal(2 * (TransformExamples.Json.Count - 1), results.Count);
            var failed = results.Where(kv => kv.Value!.GetValue<string>() != "ok").Select(kv => $"{kv.Key}: {kv.Value}").ToList();
            Assert.True(failed.Count == 0, string.Join("\n", failed));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ToTensorV2_TesseraWritten_LoadsInAlbumentationsWithTorch()
    {
        RequirePeer();
        Assert.SkipUnless(AlbumentationsPeer.RunJson("has_torch")["torch"]!.GetValue<bool>(),
            "albumentations.pytorch needs python3-torch, which is not installed: ToTensorV2's interop was not checked");
        var dir = TempDir();
        try
        {
            var pipeline = Wrap(TransformExamples.Json["ToTensorV2"]);
            AlbumentationsJson.WriteFile(Path.Combine(dir, "ToTensorV2.json"), pipeline);
            AlbumentationsJson.WriteFile(Path.Combine(dir, "ToTensorV2.yaml"), pipeline);
            var results = AlbumentationsPeer.RunJson("load", dir);
            Assert.All(results, kv => Assert.Equal("ok", kv.Value!.GetValue<string>()));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void AlbumentationsToDict_LoadsInTessera_WithTheSameArguments()
    {
        RequirePeer();
        var names = TransformCatalog.Names.Where(n => !Groups.Contains(n) && !NotWrittenByAlbumentations.Contains(n)).ToArray();
        var dir = TempDir();
        try
        {
            var made = AlbumentationsPeer.RunJson(["to_dict", dir, .. names]);
            var notMade = made.Where(kv => kv.Value!.GetValue<string>() != "ok").Select(kv => $"{kv.Key}: {kv.Value}").ToList();
            Assert.True(notMade.Count == 0, "albumentations could not build: " + string.Join("\n", notMade));
            var problems = new List<string>();
            foreach (var name in names)
            {
                var theirs = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, name + ".json")))!["transform"]!.AsObject();
                JsonObject ours;
                try
                {
                    ours = JsonNode.Parse(AlbumentationsJson.Write(AlbumentationsJson.FromNode(theirs)))!["transform"]!.AsObject();
                }
                catch (Exception e) when (e is Tessera.Core.Errors.TesseraException or ArgumentException)
                {
                    problems.Add($"{name}: Tessera cannot read albumentations' dict: {e.Message}");
                    continue;
                }
                if (Aliases.Contains(name))
                {
                    continue;
                }
                foreach (var (key, value) in theirs)
                {
                    if (key == "__class_fullname__")
                    {
                        continue;
                    }
                    if (!ours.ContainsKey(key))
                    {
                        problems.Add($"{name}.{key}: albumentations writes it, Tessera does not");
                    }
                    else if (!SameValue(value, ours[key]))
                    {
                        problems.Add($"{name}.{key}: albumentations {value?.ToJsonString() ?? "null"}, Tessera {ours[key]?.ToJsonString() ?? "null"}");
                    }
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ReplayDicts_LoadBothWays_AffineIncluded_SamePixels()
    {
        RequirePeer();
        var dir = TempDir();
        try
        {
            var image = Input("astronaut_200x300.png");
            AlbumentationsPeer.Run("replay", dir, image);
            // albumentations' replay dict → Tessera
            var (pipeline, record) = AlbumentationsJson.ReadReplay(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "replay.json"))));
            using var input = ImageFile.Read(image);
            using (var replayed = pipeline.Replay(new Sample { Image = input }, record))
            {
                AssertClose(Npy.Read(Path.Combine(dir, "replayed.npy")), replayed.Image, "albumentations replay → Tessera");
            }
            // Tessera's replay dict → albumentations
            var (output, ours) = pipeline.ApplyWithRecord(new Sample { Image = input }, new SeededRandom(11));
            using (output)
            {
                var path = Path.Combine(dir, "tessera-replay.json");
                File.WriteAllText(path, AlbumentationsJson.WriteReplay(pipeline, ours));
                AlbumentationsPeer.Run("apply_replay", path, image, Path.Combine(dir, "theirs.npy"));
                AssertClose(Npy.Read(Path.Combine(dir, "theirs.npy")), output.Image, "Tessera replay → albumentations");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Deterministic transforms only (p = 1, nothing drawn): both libraries must agree on the pixels.</summary>
    private const string DeterministicPipeline = """
        {"__version__": "1.3.1", "transform": {"__class_fullname__": "Compose", "p": 1.0, "transforms": [
          {"__class_fullname__": "HorizontalFlip", "p": 1.0},
          {"__class_fullname__": "Transpose", "p": 1.0},
          {"__class_fullname__": "PadIfNeeded", "p": 1.0, "min_height": 320, "min_width": 240, "border_mode": 0, "value": [10, 20, 30]},
          {"__class_fullname__": "CenterCrop", "p": 1.0, "height": 280, "width": 200},
          {"__class_fullname__": "Resize", "p": 1.0, "height": 97, "width": 75, "interpolation": 1},
          {"__class_fullname__": "Equalize", "p": 1.0},
          {"__class_fullname__": "Solarize", "p": 1.0, "threshold": 200},
          {"__class_fullname__": "Posterize", "p": 1.0, "num_bits": 5},
          {"__class_fullname__": "ToSepia", "p": 1.0},
          {"__class_fullname__": "InvertImg", "p": 1.0},
          {"__class_fullname__": "Normalize", "p": 1.0}]}}
        """;

    [Theory]
    [InlineData("astronaut_200x300.png")]
    [InlineData("coffee_67x89.png")]
    public void DeterministicPipeline_WrittenByEitherSide_SamePixels(string inputName)
    {
        RequirePeer();
        var dir = TempDir();
        try
        {
            var image = Input(inputName);
            using var input = ImageFile.Read(image);
            var pipeline = (ComposeBase)AlbumentationsJson.Read(DeterministicPipeline);
            using var ours = pipeline.Apply(new Sample { Image = input }, 0);
            // written by Tessera, run by albumentations (JSON and YAML)
            foreach (var ext in new[] { ".json", ".yaml" })
            {
                var path = Path.Combine(dir, "tessera" + ext);
                AlbumentationsJson.WriteFile(path, pipeline);
                AlbumentationsPeer.Run("run", path, image, Path.Combine(dir, "theirs" + ext + ".npy"));
                AssertClose(Npy.Read(Path.Combine(dir, "theirs" + ext + ".npy")), ours.Image, $"Tessera-written {ext} run by albumentations");
            }
            // written by albumentations (A.save), run by both
            var source = Path.Combine(dir, "source.json");
            File.WriteAllText(source, DeterministicPipeline);
            var theirsPath = Path.Combine(dir, "albumentations-saved.yaml");
            AlbumentationsPeer.Run("resave", source, theirsPath);
            AlbumentationsPeer.Run("run", theirsPath, image, Path.Combine(dir, "reference.npy"));
            using var again = AlbumentationsJson.ReadPipelineFile(theirsPath).Apply(new Sample { Image = input }, 5);
            AssertClose(Npy.Read(Path.Combine(dir, "reference.npy")), again.Image, "albumentations-written run by Tessera");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static void AssertClose(NdArray expected, Image actual, string what)
    {
        var ours = actual.ToNdArray();
        Assert.True(expected.Shape.SequenceEqual(ours.Shape), $"{what}: shape [{string.Join(", ", expected.Shape)}] vs [{string.Join(", ", ours.Shape)}]");
        var a = expected.ToFloatArray();
        var b = ours.ToFloatArray();
        var tolerance = expected.DType == DType.UInt8 ? 1.0 : 1e-4;
        var worst = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }
        Assert.True(worst <= tolerance, string.Create(CultureInfo.InvariantCulture, $"{what}: largest difference {worst} > {tolerance}"));
    }

    private static bool SameValue(JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Zip(y).All(p => SameValue(p.First, p.Second));
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(kv => y.ContainsKey(kv.Key) && SameValue(kv.Value, y[kv.Key]));
            case (JsonValue x, JsonValue y):
                if (x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number)
                {
                    return Math.Abs(x.GetValue<double>() - y.GetValue<double>()) <= 1e-9 * Math.Max(1, Math.Abs(x.GetValue<double>()));
                }
                return x.ToJsonString() == y.ToJsonString();
            default:
                return false;
        }
    }
}
