using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Nn.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Training;

/// <summary>Where a run stands: what a checkpoint stores besides tensors.</summary>
/// <param name="Step">Optimizer steps done.</param>
/// <param name="Epoch">0-based epoch of the next step.</param>
/// <param name="BatchInEpoch">Batches of <paramref name="Epoch"/> already consumed.</param>
/// <param name="ElapsedSeconds">Wall time spent so far.</param>
internal sealed record CheckpointPosition(long Step, int Epoch, int BatchInEpoch, double ElapsedSeconds);

/// <summary>
/// The trainer's checkpoint: one safetensors file with the trainable parameters (<c>model.&lt;name&gt;</c>), the
/// optimizer state per parameter (<c>optimizer.&lt;name&gt;.exp_avg</c>, <c>.exp_avg_sq</c>, <c>.max_exp_avg_sq</c>
/// for AdamW, <c>.momentum_buffer</c> for SGD), torch's default generator state (<c>rng.torch</c>, uint8), and
/// metadata (format, optimizer, seed, step, epoch, batch in epoch, elapsed seconds, AdamW step counts), and the
/// model's buffers (<c>buffer.&lt;name&gt;</c>, e.g. BatchNorm running statistics, which change during training).
/// Frozen parameters are not stored: they come from wherever the model got them.
/// </summary>
internal static class TrainingCheckpoint
{
    public const string FileName = "checkpoint.safetensors";
    public const string Format = "tessera-trainer/1";
    public const string ModelPrefix = "model.";
    public const string OptimizerPrefix = "optimizer.";
    public const string RngKey = "rng.torch";
    public const string BufferPrefix = "buffer.";

    public static void Save(
        string path, IReadOnlyList<(string Name, Parameter Parameter)> trainable, IReadOnlyList<(string Name, Tensor Buffer)> buffers,
        OptimizerHelper optimizer, OptimizerKind kind, ulong seed, CheckpointPosition position)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["optimizer"] = kind.ToString(),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["step"] = position.Step.ToString(CultureInfo.InvariantCulture),
            ["epoch"] = position.Epoch.ToString(CultureInfo.InvariantCulture),
            ["batch_in_epoch"] = position.BatchInEpoch.ToString(CultureInfo.InvariantCulture),
            ["elapsed_seconds"] = position.ElapsedSeconds.ToString("R", CultureInfo.InvariantCulture),
        };
        foreach (var (name, parameter) in trainable)
        {
            tensors.Add(new(ModelPrefix + name, parameter));
        }
        foreach (var (name, buffer) in buffers)
        {
            tensors.Add(new(BufferPrefix + name, buffer));
        }
        var states = optimizer.state_dict().State;
        for (var i = 0; i < trainable.Count; i++)
        {
            var key = OptimizerPrefix + trainable[i].Name;
            switch (states[i])
            {
                case AdamW.State adam:
                    metadata[key + ".step"] = adam.step.ToString(CultureInfo.InvariantCulture);
                    tensors.Add(new(key + ".exp_avg", adam.exp_avg));
                    tensors.Add(new(key + ".exp_avg_sq", adam.exp_avg_sq));
                    if (adam.max_exp_avg_sq is not null)
                    {
                        tensors.Add(new(key + ".max_exp_avg_sq", adam.max_exp_avg_sq));
                    }
                    break;
                case SGD.State sgd:
                    if (sgd.momentum_buffer is not null)
                    {
                        tensors.Add(new(key + ".momentum_buffer", sgd.momentum_buffer));
                    }
                    break;
                default:
                    throw new InvalidOperationException($"unexpected optimizer state {states[i].GetType().Name}");
            }
        }
        tensors.Add(new(RngKey, torch.get_rng_state()));
        StateDictFileIo.Write(path, tensors, metadata, nameof(trainable));
    }

    /// <summary>Checks the file against the model and optimizer, then copies everything in (nothing is copied when a check fails).</summary>
    /// <exception cref="TesseraFormatException">The file is not a trainer checkpoint of this model and optimizer.</exception>
    public static CheckpointPosition Load(
        string path, IReadOnlyList<(string Name, Parameter Parameter)> trainable, IReadOnlyList<(string Name, Tensor Buffer)> buffers,
        OptimizerHelper optimizer, OptimizerKind kind, ulong seed)
    {
        var (tensors, metadata) = StateDictFileIo.Read(path);
        using (tensors)
        {
            Expect(path, metadata, "format", Format);
            Expect(path, metadata, "optimizer", kind.ToString());
            Expect(path, metadata, "seed", seed.ToString(CultureInfo.InvariantCulture));
            var names = trainable.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var stored = tensors.Keys.Where(k => k.StartsWith(ModelPrefix, StringComparison.Ordinal)).Select(k => k[ModelPrefix.Length..]).ToHashSet(StringComparer.Ordinal);
            var missing = names.Except(stored).Order(StringComparer.Ordinal).ToList();
            var unexpected = stored.Except(names).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
            {
                throw new TesseraFormatException(path, "tensors",
                    $"trainable parameters differ from the model's (missing: [{string.Join(", ", missing)}], unexpected: [{string.Join(", ", unexpected)}])");
            }
            foreach (var (name, parameter) in trainable)
            {
                var t = tensors[ModelPrefix + name];
                if (!t.shape.SequenceEqual(parameter.shape) || t.dtype != parameter.dtype)
                {
                    throw new TesseraFormatException(path, $"tensor '{ModelPrefix + name}'",
                        $"is {t.dtype} [{string.Join(", ", t.shape)}] but the parameter is {parameter.dtype} [{string.Join(", ", parameter.shape)}]");
                }
            }
            var bufferNames = buffers.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
            var storedBuffers = tensors.Keys.Where(k => k.StartsWith(BufferPrefix, StringComparison.Ordinal)).Select(k => k[BufferPrefix.Length..]).ToHashSet(StringComparer.Ordinal);
            if (!bufferNames.SetEquals(storedBuffers))
            {
                throw new TesseraFormatException(path, "tensors",
                    $"buffers differ from the model's (missing: [{string.Join(", ", bufferNames.Except(storedBuffers).Order(StringComparer.Ordinal))}], unexpected: [{string.Join(", ", storedBuffers.Except(bufferNames).Order(StringComparer.Ordinal))}])");
            }
            foreach (var (name, buffer) in buffers)
            {
                var t = tensors[BufferPrefix + name];
                if (!t.shape.SequenceEqual(buffer.shape) || t.dtype != buffer.dtype)
                {
                    throw new TesseraFormatException(path, $"tensor '{BufferPrefix + name}'",
                        $"is {t.dtype} [{string.Join(", ", t.shape)}] but the buffer is {buffer.dtype} [{string.Join(", ", buffer.shape)}]");
                }
            }
            _ = RequiredTensor(path, tensors, RngKey);
            if (kind == OptimizerKind.AdamW)
            {
                foreach (var (name, _) in trainable)
                {
                    _ = Required(path, metadata, OptimizerPrefix + name + ".step");
                    _ = RequiredTensor(path, tensors, OptimizerPrefix + name + ".exp_avg");
                    _ = RequiredTensor(path, tensors, OptimizerPrefix + name + ".exp_avg_sq");
                }
            }

            var states = optimizer.state_dict().State;
            using (torch.no_grad())
            {
                foreach (var (name, buffer) in buffers)
                {
                    buffer.copy_(tensors[BufferPrefix + name]);
                }
                for (var i = 0; i < trainable.Count; i++)
                {
                    var (name, parameter) = trainable[i];
                    parameter.copy_(tensors[ModelPrefix + name]);
                    var key = OptimizerPrefix + name;
                    switch (states[i])
                    {
                        case AdamW.State adam:
                            adam.step = long.Parse(Required(path, metadata, key + ".step"), CultureInfo.InvariantCulture);
                            adam.exp_avg.copy_(RequiredTensor(path, tensors, key + ".exp_avg"));
                            adam.exp_avg_sq.copy_(RequiredTensor(path, tensors, key + ".exp_avg_sq"));
                            if (tensors.TryGetValue(key + ".max_exp_avg_sq", out var max))
                            {
                                adam.max_exp_avg_sq?.Dispose();
                                adam.max_exp_avg_sq = max.clone().DetachFromDisposeScope();
                            }
                            break;
                        case SGD.State sgd:
                            sgd.momentum_buffer?.Dispose();
                            sgd.momentum_buffer = tensors.TryGetValue(key + ".momentum_buffer", out var buffer)
                                ? buffer.clone().DetachFromDisposeScope()
                                : null;
                            break;
                        default:
                            throw new InvalidOperationException($"unexpected optimizer state {states[i].GetType().Name}");
                    }
                }
            }
            torch.set_rng_state(tensors[RngKey]);
            return new CheckpointPosition(
                long.Parse(Required(path, metadata, "step"), CultureInfo.InvariantCulture),
                int.Parse(Required(path, metadata, "epoch"), CultureInfo.InvariantCulture),
                int.Parse(Required(path, metadata, "batch_in_epoch"), CultureInfo.InvariantCulture),
                double.Parse(Required(path, metadata, "elapsed_seconds"), CultureInfo.InvariantCulture));
        }
    }

    private static string Required(string path, IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) ? value : throw new TesseraFormatException(path, "metadata", $"'{key}' is missing");

    private static Tensor RequiredTensor(string path, StateDict tensors, string key) =>
        tensors.TryGetValue(key, out var value) ? value : throw new TesseraFormatException(path, "tensors", $"'{key}' is missing");

    private static void Expect(string path, IReadOnlyDictionary<string, string> metadata, string key, string expected)
    {
        var actual = Required(path, metadata, key);
        if (actual != expected)
        {
            throw new TesseraFormatException(path, "metadata", $"'{key}' is '{actual}', this trainer expects '{expected}'");
        }
    }
}
