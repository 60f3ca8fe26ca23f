using Tessera.Core.Errors;
using Tessera.Prompting.Tasks;
using Tessera.Prompting.Vpt;
using TorchSharp;

namespace Tessera.Prompting.Tests.Tasks;

public sealed class VptTaskFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-prompt-task").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SaveLoad_SameBackbone_SameLogitsAndOnlyTaskTensorsStored()
    {
        using var vit = Backbones.Vit();
        using var task = new VptClassifier(vit, 32, 3, new VptOptions { NumTokens = 4, Deep = true, Project = 8 }, seed: 9);
        var path = Path.Combine(_dir, "digits.safetensors");

        var budget = VptTaskFile.Save(path, task, vit, ["zero", "one", "two"]);
        var (loaded, config) = VptTaskFile.Load(path, vit, "tiny-vit");
        using var _ = loaded;
        using var images = Backbones.Images(2);
        using var noGrad = torch.no_grad();
        task.eval();
        loaded.eval();

        Assert.True(TensorAssert.Same(task.forward(images), loaded.forward(images)));
        Assert.Equal(["zero", "one", "two"], config.ClassNames);
        Assert.Equal(task.Options, config.Vpt);
        Assert.Equal(task.ParameterCount, budget.Stored);
        Assert.Equal(vit.parameters().Sum(p => p.numel()), budget.Backbone);
        Assert.Single(Directory.GetFiles(_dir)); // no temporary file left behind
        var (_, weights, _) = PromptTaskFile.Read(path);
        using (weights) { Assert.All(weights.Keys, k => Assert.True(k.StartsWith("prompt.", StringComparison.Ordinal) || k.StartsWith("head.", StringComparison.Ordinal), k)); }
    }

    [Fact]
    public void Load_OtherBackbone_RefusedNamingBoth()
    {
        using var trainedOn = Backbones.Vit(seed: 1);
        using var other = Backbones.Vit(seed: 2);
        using var task = new VptClassifier(trainedOn, 32, 2);
        var path = Path.Combine(_dir, "t.safetensors");
        VptTaskFile.Save(path, task, trainedOn);

        var e = Assert.Throws<TesseraArgumentException>(() => VptTaskFile.Load(path, other, "other-vit.safetensors"));

        Assert.Contains(BackboneFingerprint.Of(trainedOn).ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains(BackboneFingerprint.Of(other).ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("other-vit.safetensors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PlainSafetensors_NotATaskFile()
    {
        using var vit = Backbones.Vit();
        var path = Path.Combine(_dir, "plain.safetensors");
        Tessera.Nn.Weights.CheckpointWriter.Save(path, vit);

        Assert.Throws<TesseraFormatException>(() => PromptTaskFile.Read(path));
    }

    [Fact]
    public void Fingerprint_ChangesWithOneWeight()
    {
        using var vit = Backbones.Vit();
        var before = BackboneFingerprint.Of(vit);
        using (torch.no_grad()) { vit.parameters().First().view(-1)[0].add_(1e-3f); }

        Assert.NotEqual(before, BackboneFingerprint.Of(vit));
        Assert.Equal(before, BackboneFingerprint.TryParse(before.ToString()));
    }
}
