using Tessera.Core.Errors;
using Tessera.Nn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Vpt;

/// <summary>
/// One frozen backbone serving many VPT tasks. A batch may mix samples of different tasks: samples whose tasks
/// insert the same number of tokens at the same location share one pass through the backbone, each with its own
/// input and deep prompts (a shallow task keeps its prompt outputs where a deep task replaces them); each task's
/// pooling and head then read its own samples. The result equals running each task alone.
/// </summary>
/// <remarks>Tasks are borrowed; they must all run on the server's backbone.</remarks>
public sealed class VptTaskServer
{
    private readonly List<VptClassifier> _tasks = [];

    /// <summary>Creates a server for a backbone.</summary>
    /// <param name="backbone">The frozen backbone.</param>
    public VptTaskServer(IVisionBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        Backbone = backbone;
    }

    /// <summary>The shared backbone.</summary>
    public IVisionBackbone Backbone { get; }

    /// <summary>The tasks in the order they were added (their index is the task id of <see cref="Predict"/>).</summary>
    public IReadOnlyList<VptClassifier> Tasks => _tasks;

    /// <summary>Adds a task.</summary>
    /// <param name="task">A task on this server's backbone.</param>
    /// <returns>Its task id.</returns>
    /// <exception cref="TesseraArgumentException">The task runs on another backbone or another image size than the first task.</exception>
    public int Add(VptClassifier task)
    {
        ArgumentNullException.ThrowIfNull(task);
        Guard.That(ReferenceEquals(task.Backbone, Backbone), nameof(task), "must run on the server's backbone");
        if (_tasks.Count > 0)
        {
            Guard.That(_tasks[0].ImageSize == task.ImageSize, nameof(task), $"must take {_tasks[0].ImageSize}-pixel images like the other tasks");
        }
        _tasks.Add(task);
        return _tasks.Count - 1;
    }

    /// <summary>Logits of a mixed batch: sample <c>i</c> is scored by task <c>taskIds[i]</c>.</summary>
    /// <param name="images">Images <c>[B, 3, S, S]</c>.</param>
    /// <param name="taskIds">Task id per sample (length B).</param>
    /// <returns>One logits vector per sample (its task's class count), caller-owned.</returns>
    /// <exception cref="TesseraArgumentException">A task id is unknown or the lengths differ.</exception>
    public IReadOnlyList<Tensor> Predict(Tensor images, IReadOnlyList<int> taskIds)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(taskIds);
        Guard.That(images.dim() == 4 && images.shape[0] == taskIds.Count, nameof(taskIds), $"must hold one task id per image ({images.shape[0]}), got {taskIds.Count}");
        Guard.That(taskIds.All(t => t >= 0 && t < _tasks.Count), nameof(taskIds), $"ids must lie in [0, {_tasks.Count})");
        var result = new Tensor[taskIds.Count];
        using var scope = torch.NewDisposeScope();
        var groups = Enumerable.Range(0, taskIds.Count).GroupBy(i => (_tasks[taskIds[i]].Options.Location, _tasks[taskIds[i]].Prompts.TokenCount));
        foreach (var group in groups)
        {
            var rows = group.ToArray();
            var ids = rows.Select(i => taskIds[i]).ToArray();
            var hidden = RunGroup(images.index_select(0, torch.tensor(rows.Select(r => (long)r).ToArray())), ids, group.Key.Location, group.Key.TokenCount);
            var taskGroups = Enumerable.Range(0, rows.Length).GroupBy(k => ids[k]).ToArray();
            // Tasks that pool the same way share one pooling pass over the group (pooling is per sample).
            var sharedPooling = taskGroups.Select(g => (_tasks[g.Key].Options.Pooling, _tasks[g.Key].Prompts.InsertedTokens)).Distinct().Count() == 1;
            var pooledGroup = sharedPooling
                ? PromptedEncoder.Pool(Backbone, hidden, _tasks[ids[0]].Options.Pooling, _tasks[ids[0]].Prompts.InsertedTokens)
                : null;
            foreach (var taskGroup in taskGroups)
            {
                var task = _tasks[taskGroup.Key];
                var local = taskGroup.ToArray();
                var pooled = local.Length == rows.Length
                    ? pooledGroup ?? PromptedEncoder.Pool(Backbone, hidden, task.Options.Pooling, task.Prompts.InsertedTokens)
                    : pooledGroup is not null
                        ? pooledGroup.index_select(0, torch.tensor(local.Select(k => (long)k).ToArray()))
                        : PromptedEncoder.Pool(Backbone, hidden.index_select(0, torch.tensor(local.Select(k => (long)k).ToArray())), task.Options.Pooling, task.Prompts.InsertedTokens);
                var logits = task.Head.forward(pooled);
                for (var j = 0; j < local.Length; j++)
                {
                    result[rows[local[j]]] = logits[j].clone().MoveToOuterDisposeScope();
                }
            }
        }
        return result;
    }

    private Tensor RunGroup(Tensor images, int[] ids, VptLocation location, int tokenCount)
    {
        var distinct = ids.Distinct().ToArray();
        var slot = distinct.Select((t, k) => (t, k)).ToDictionary(x => x.t, x => (long)x.k);
        // One task: its prompts broadcast over the batch; several: gather each sample's task row.
        var index = distinct.Length == 1 ? null : torch.tensor(ids.Select(t => slot[t]).ToArray());
        Tensor PerSample(List<Tensor> perTask) => index is null ? perTask[0] : torch.cat(perTask, 0).index_select(0, index);
        var input = PerSample(distinct.Select(t => _tasks[t].Prompts.InputTokens(Backbone)).ToList());
        var embedded = PromptedEncoder.Incorporate(Backbone, Backbone.Embed(images), location, input);
        LayerPrompt? Deep(int block)
        {
            var takes = distinct.Select(t => _tasks[t].Prompts.HasDeepPrompt(block)).ToArray();
            if (!takes.Any(x => x)) { return null; }
            var perTask = distinct.Select((t, k) => takes[k]
                ? _tasks[t].Prompts.DeepTokens(block)
                : torch.zeros([1, tokenCount, Backbone.Width], input.dtype)).ToList();
            // A mask is needed only when some samples keep their previous prompt outputs (shallow tasks).
            var mask = takes.All(x => x) ? null : torch.tensor(takes).index_select(0, index!);
            return new LayerPrompt(PerSample(perTask), mask);
        }
        return PromptedEncoder.RunBlocks(Backbone, embedded, location, tokenCount, Deep);
    }
}
