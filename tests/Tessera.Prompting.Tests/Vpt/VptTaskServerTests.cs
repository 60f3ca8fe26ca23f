using Tessera.Core.Errors;
using Tessera.Prompting.Vpt;
using TorchSharp;

namespace Tessera.Prompting.Tests.Vpt;

public sealed class VptTaskServerTests
{
    [Fact]
    public void Predict_MixedBatchOfFourTasks_EqualsEachTaskAlone()
    {
        using var vit = Backbones.Vit(depth: 3);
        using var deep = new VptClassifier(vit, 32, 3, new VptOptions { NumTokens = 4, Deep = true }, seed: 1);
        using var shallow = new VptClassifier(vit, 32, 5, new VptOptions { NumTokens = 4 }, seed: 2);
        using var projected = new VptClassifier(vit, 32, 2, new VptOptions { NumTokens = 2, Deep = true, Project = 8, Pooling = VptPooling.PromptMean }, seed: 3);
        using var added = new VptClassifier(vit, 32, 4, new VptOptions { Location = VptLocation.Add, Deep = true }, seed: 4);
        VptClassifier[] tasks = [deep, shallow, projected, added];
        foreach (var t in tasks) { t.eval(); }
        var server = new VptTaskServer(vit);
        foreach (var t in tasks) { server.Add(t); }
        int[] ids = [0, 1, 2, 3, 1, 0, 2, 0, 3];
        using var images = Backbones.Images(ids.Length, seed: 21);
        using var noGrad = torch.no_grad();

        var mixed = server.Predict(images, ids);

        for (var i = 0; i < ids.Length; i++)
        {
            using var alone = tasks[ids[i]].forward(images[i..(i + 1)]);
            Assert.Equal(alone.shape[1], mixed[i].shape[0]);
            var diff = (mixed[i] - alone[0]).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"sample {i} (task {ids[i]}): max diff {diff}");
        }
        foreach (var t in mixed) { t.Dispose(); }
    }

    [Theory]
    [InlineData(false)] // all deep, one pooling: no mask, one shared pooling pass
    [InlineData(true)]  // all deep, pooling differs per task: pooled per task
    public void Predict_MixedBatchOfDeepTasks_EqualsEachTaskAlone(bool mixPooling)
    {
        using var vit = Backbones.Vit(depth: 3);
        using var a = new VptClassifier(vit, 32, 3, new VptOptions { NumTokens = 4, Deep = true }, seed: 5);
        using var b = new VptClassifier(vit, 32, 6, new VptOptions { NumTokens = 4, Deep = true, Pooling = mixPooling ? VptPooling.PatchMean : VptPooling.ClassToken }, seed: 6);
        using var c = new VptClassifier(vit, 32, 2, new VptOptions { NumTokens = 4, Deep = true }, seed: 7);
        VptClassifier[] tasks = [a, b, c];
        foreach (var t in tasks) { t.eval(); }
        var server = new VptTaskServer(vit);
        foreach (var t in tasks) { server.Add(t); }
        int[] ids = [2, 0, 1, 1, 0, 2, 2];
        using var images = Backbones.Images(ids.Length, seed: 22);
        using var noGrad = torch.no_grad();

        var mixed = server.Predict(images, ids);
        var single = server.Predict(images, [.. ids.Select(_ => 1)]);

        for (var i = 0; i < ids.Length; i++)
        {
            using var alone = tasks[ids[i]].forward(images[i..(i + 1)]);
            using var aloneB = b.forward(images[i..(i + 1)]);
            Assert.Equal(alone.shape[1], mixed[i].shape[0]);
            var diff = (mixed[i] - alone[0]).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"sample {i} (task {ids[i]}): max diff {diff}");
            var diffSingle = (single[i] - aloneB[0]).abs().max().item<float>();
            Assert.True(diffSingle < 1e-5, $"sample {i} (single task): max diff {diffSingle}");
        }
        foreach (var t in mixed.Concat(single)) { t.Dispose(); }
    }

    [Fact]
    public void Add_TaskOnAnotherBackbone_Throws()
    {
        using var a = Backbones.Vit(seed: 1);
        using var b = Backbones.Vit(seed: 2);
        using var task = new VptClassifier(b, 32, 2);
        var server = new VptTaskServer(a);

        Assert.Throws<TesseraArgumentException>(() => server.Add(task));
    }

    [Fact]
    public void Predict_UnknownTaskId_Throws()
    {
        using var vit = Backbones.Vit();
        using var task = new VptClassifier(vit, 32, 2);
        var server = new VptTaskServer(vit);
        server.Add(task);
        using var images = Backbones.Images(2);

        var e = Assert.Throws<TesseraArgumentException>(() => server.Predict(images, [0, 1]));
        Assert.Contains("taskIds", e.Message, StringComparison.Ordinal);
    }
}
