using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Random;

namespace Tessera.Augment.Tests.Catalogue;

/// <summary>Invariants checked for every transform in the catalogue (timm-style catalogue theories).</summary>
public class AllTransformsTheories
{
    private static readonly HashSet<string> Groups = ["Compose", "ReplayCompose", "OneOf", "SomeOf", "OneOrOther", "Sequential"];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var n in TransformCatalog.Names.Where(n => !Groups.Contains(n)))
        {
            data.Add(n);
        }
        return data;
    }

    private static (Compose Pipeline, Sample Sample) Build(string name)
    {
        var t = AlbumentationsJson.Read(TransformExamples.Json[name]);
        var (boxes, kps) = Supports(t);
        var pipeline = new Compose([t], TestSamples.Boxes, TestSamples.Keypoints);
        var full = TestSamples.Full(boxes, kps);
        var sample = new Sample
        {
            Image = full.Image,
            Mask = full.Mask,
            Bboxes = full.Bboxes,
            Keypoints = full.Keypoints,
            Labels = full.Labels,
            CroppingBox = [10, 8, 40, 30],
        };
        return (pipeline, sample);
    }

    private static (bool Boxes, bool Keypoints) Supports(ITransform t) => (t.SupportsBoxes, t.SupportsKeypoints);

    [Fact]
    public void Catalogue_EveryTransform_HasAnExample()
    {
        var missing = TransformCatalog.Names.Where(n => !Groups.Contains(n) && !TransformExamples.Json.ContainsKey(n)).ToList();
        Assert.True(missing.Count == 0, $"add examples to TransformExamples for: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Apply_SameSeed_SameOutput(string name)
    {
        var (pipeline, sample) = Build(name);
        var a = pipeline.Apply(sample, 1234);
        var b = pipeline.Apply(sample, 1234);
        Assert.True(TestSamples.Same(a, b));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Apply_Always_InputUntouchedAndOutputOwned(string name)
    {
        var (pipeline, sample) = Build(name);
        var image = sample.Image.Clone();
        var mask = sample.Mask!.Clone();
        var boxes = sample.Bboxes.Select(b => (double[])b.Clone()).ToList();
        var output = pipeline.Apply(sample, 7);
        Assert.True(sample.Image.ContentEquals(image));
        Assert.True(sample.Mask.ContentEquals(mask));
        Assert.True(sample.Bboxes.Zip(boxes).All(p => p.First.SequenceEqual(p.Second)));
        Assert.NotSame(sample.Image, output.Image);
        Assert.NotSame(sample.Mask, output.Mask);
        output.Image.Bytes.Clear();
        Assert.True(sample.Image.ContentEquals(image));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ApplyWithRecord_ReplayedFromJson_ReproducesOutput(string name)
    {
        var (pipeline, sample) = Build(name);
        var (output, record) = pipeline.ApplyWithRecord(sample, new SeededRandom(99));
        var json = AlbumentationsJson.WriteReplay(pipeline, record);
        var (again, readRecord) = AlbumentationsJson.ReadReplay(JsonNode.Parse(json));
        var replayed = again.Replay(sample, readRecord);
        Assert.True(TestSamples.Same(output, replayed), json);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Write_ThenRead_RoundTripsJsonAndYaml(string name)
    {
        var (pipeline, _) = Build(name);
        var json = AlbumentationsJson.Write(pipeline);
        var back = AlbumentationsJson.Read(json);
        Assert.Equal(json, AlbumentationsJson.Write(back));
        var path = Path.Combine(Path.GetTempPath(), $"tessera-{name}-{Guid.NewGuid():N}.yaml");
        try
        {
            AlbumentationsJson.WriteFile(path, pipeline);
            Assert.Equal(json, AlbumentationsJson.Write(AlbumentationsJson.ReadFile(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Apply_ManySeeds_ProducesValidTargets(string name)
    {
        var (pipeline, sample) = Build(name);
        for (ulong seed = 0; seed < 25; seed++)
        {
            var output = pipeline.Apply(sample, seed);
            Assert.Equal(sample.Image.Channels, output.Image.Channels);
            Assert.Equal(output.Image.Height, output.Mask!.Height);
            Assert.Equal(output.Image.Width, output.Mask.Width);
            Assert.All(output.Bboxes, b => Assert.True(b[0] >= 0 && b[1] >= 0 && b[2] <= output.Image.Width && b[3] <= output.Image.Height && b[2] > b[0] && b[3] > b[1]));
            Assert.Equal(output.Bboxes.Count, output.Labels["box_labels"].Count);
            Assert.Equal(output.Keypoints.Count, output.Labels["kp_labels"].Count);
            Assert.All(output.Keypoints, k => Assert.True(k.All(double.IsFinite)));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ApplyBatch_AnyWorkerCount_SameOutputs(string name)
    {
        var (pipeline, sample) = Build(name);
        var samples = Enumerable.Repeat(sample, 6).ToList();
        var one = pipeline.ApplyBatch(samples, 5, workers: 1, TestContext.Current.CancellationToken);
        var four = pipeline.ApplyBatch(samples, 5, workers: 4, TestContext.Current.CancellationToken);
        Assert.All(Enumerable.Range(0, 6), i => Assert.True(TestSamples.Same(one[i], four[i])));
    }
}
