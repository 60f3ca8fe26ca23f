using Tessera.Core.Errors;
using Tessera.Data.World;

namespace Tessera.Data.Tests.World;

public class ShapesWorldTests
{
    public static TheoryData<string> Domains => [.. WorldDomains.All.Keys];

    [Theory]
    [MemberData(nameof(Domains))]
    public void Generate_SameSeedAndIndex_SameSceneWhateverTheOrderOrThreads(string domain)
    {
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Get(domain), Size = 64, Seed = 11 });
        var serial = world.Generate(0, 12, maxDegreeOfParallelism: 1);
        var parallel = world.Generate(0, 12, maxDegreeOfParallelism: 4);
        var alone = world.Generate(7);
        for (var i = 0; i < 12; i++)
        {
            Assert.True(serial[i].Pixels.SequenceEqual(parallel[i].Pixels));
            Assert.True(serial[i].InstanceMask.SequenceEqual(parallel[i].InstanceMask));
            Assert.Equal(serial[i].Caption, parallel[i].Caption);
        }
        Assert.True(alone.Pixels.SequenceEqual(serial[7].Pixels));
        var other = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Get(domain), Size = 64, Seed = 12 }).Generate(7);
        Assert.False(other.Pixels.SequenceEqual(alone.Pixels));
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void Generate_Annotations_AgreeWithTheMasks(string domain)
    {
        var d = WorldDomains.Get(domain);
        var world = new ShapesWorld(new WorldOptions { Domain = d, Size = 96, Seed = 3 });
        foreach (var scene in world.Generate(0, 20))
        {
            Assert.InRange(scene.Objects.Count, 1, d.MaxObjects);
            var inst = scene.InstanceMask;
            var sem = scene.SemanticMask;
            foreach (var o in scene.Objects)
            {
                int area = 0, minX = 999, minY = 999, maxX = -1, maxY = -1;
                for (var i = 0; i < inst.Length; i++)
                {
                    if (inst[i] != o.InstanceId) { continue; }
                    area++;
                    Assert.Equal(o.SemanticLabel, sem[i]);
                    int x = i % 96, y = i / 96;
                    (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
                }
                Assert.Equal(o.Area, area);
                Assert.Equal(new double[] { minX, minY, maxX - minX + 1, maxY - minY + 1 }, o.Box);
                Assert.True(o.VisibleFraction >= d.MinVisibleFraction - 1e-9 || scene.Objects.Count == 1, $"{domain}: visible {o.VisibleFraction}");
                Assert.All(o.Keypoints, k => Assert.InRange(k.X, -0.5, 96.5));
                Assert.Contains(o.Keypoints, k => k.Visibility == 2);
            }
            for (var i = 0; i < inst.Length; i++) { Assert.Equal(inst[i] == 0, sem[i] == 0); }
            Assert.Equal(scene.Objects.Count, scene.Counts.Values.Sum());
            Assert.EndsWith("background", scene.Caption);
            Assert.All(scene.Objects, o => Assert.Contains($"{o.ColorName} {o.ShapeName}", scene.Caption));
        }
    }

    [Fact]
    public void Generate_Classify_OneCentredObjectWhoseColourDominatesItsPixels()
    {
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = 64, Seed = 5 });
        foreach (var scene in world.Generate(0, 30))
        {
            var o = Assert.Single(scene.Objects);
            Assert.InRange(o.CenterX, 26, 38);
            Assert.NotEqual(0, o.Size);
            // The mean colour inside the mask is close to the object's named colour.
            double r = 0, g = 0, b = 0;
            var px = scene.Pixels;
            for (var i = 0; i < scene.InstanceMask.Length; i++)
            {
                if (scene.InstanceMask[i] != 1) { continue; }
                r += px[3 * i];
                g += px[(3 * i) + 1];
                b += px[(3 * i) + 2];
            }
            var (er, eg, eb) = WorldVocabulary.ColorValues[o.Color];
            Assert.InRange(r / o.Area, er - 15, er + 15);
            Assert.InRange(g / o.Area, eg - 15, eg + 15);
            Assert.InRange(b / o.Area, eb - 15, eb + 15);
        }
    }

    [Fact]
    public void Generate_ReferringExpressions_UniqueOnesNameExactlyOneObject()
    {
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Cluttered, Size = 96, Seed = 9 });
        var sawRelation = false;
        foreach (var scene in world.Generate(0, 15))
        {
            Assert.Equal(scene.Objects.Count, scene.ReferringExpressions.Count(e => !e.UsesRelation));
            foreach (var e in scene.ReferringExpressions.Where(e => !e.UsesRelation && e.Unique))
            {
                var words = e.Phrase["the ".Length..].Split(' ');
                var matching = scene.Objects.Where(o => o.ShapeName == words[^1]
                    && words[..^1].All(w => w == o.ColorName || w == o.SizeName || w == o.TextureName)).ToList();
                Assert.Equal(e.InstanceId, Assert.Single(matching).InstanceId);
            }
            foreach (var e in scene.ReferringExpressions.Where(e => e.UsesRelation))
            {
                sawRelation = true;
                Assert.Matches("^the .+ (left of|right of|above|below) the .+$", e.Phrase);
            }
        }
        Assert.True(sawRelation);
    }

    [Fact]
    public void Generate_PhotoDomainWithoutPhotos_FallsBackToNoise()
    {
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Photo, Size = 64, PhotoDirectory = "/nonexistent" });
        Assert.Equal(0, world.PhotoCount);
        Assert.Equal("noise", world.Generate(0).Background);
    }

    [Fact]
    public void Options_Invalid_ThrowNamingTheRule()
    {
        Assert.Contains("Size", Assert.Throws<TesseraArgumentException>(() => new ShapesWorld(new WorldOptions { Size = 8 })).Message);
        var bad = WorldDomains.Clean with { MinObjects = 3, MaxObjects = 2 };
        Assert.Throws<TesseraArgumentException>(() => new ShapesWorld(new WorldOptions { Domain = bad }));
        Assert.Contains("known: classify", Assert.Throws<TesseraArgumentException>(() => WorldDomains.Get("mars")).Message);
        Assert.Throws<TesseraArgumentException>(() => new ShapesWorld().Generate(-1));
    }
}
