using Tessera.Core.Errors;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tasks;

/// <summary>
/// A trained task as one small safetensors file: the task module's own tensors (prompts, context, head), the
/// configuration as JSON in <c>__metadata__["tessera.task"]</c> and the fingerprint of the backbone it was trained on
/// in <c>__metadata__["tessera.backbone"]</c>. Written atomically (temporary file + rename).
/// </summary>
public static class PromptTaskFile
{
    /// <summary>Metadata key of the configuration JSON.</summary>
    public const string ConfigKey = "tessera.task";

    /// <summary>Metadata key of the backbone fingerprint.</summary>
    public const string BackboneKey = "tessera.backbone";

    /// <summary>Saves a task atomically.</summary>
    /// <param name="path">Destination (<c>.safetensors</c>).</param>
    /// <param name="config">The configuration.</param>
    /// <param name="task">The module holding exactly the task's tensors (e.g. a <c>VptClassifier</c>).</param>
    /// <param name="backbone">Fingerprint of the frozen backbone.</param>
    /// <returns>Stored values versus backbone values.</returns>
    public static ParameterBudget Save(string path, PromptTaskConfig config, nn.Module task, BackboneFingerprint backbone)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(backbone);
        using var weights = StateDict.FromModule(task);
        var metadata = new Dictionary<string, string> { [ConfigKey] = config.ToJson(), [BackboneKey] = backbone.ToString() };
        CheckpointWriter.Save(path, weights, metadata);
        return new ParameterBudget(weights.ElementCount(), backbone.ParameterCount);
    }

    /// <summary>Reads a task file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The configuration, the tensors (caller owns) and the backbone fingerprint.</returns>
    /// <exception cref="TesseraFormatException">The file is not a Tessera task file.</exception>
    public static (PromptTaskConfig Config, StateDict Weights, BackboneFingerprint Backbone) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Guard.That(File.Exists(path), nameof(path), $"task file '{path}' does not exist");
        Dictionary<string, string> header;
        using (var file = SafetensorsFile.Read(path)) { header = file.Metadata.ToDictionary(); }
        if (!header.TryGetValue(ConfigKey, out var json) || !header.TryGetValue(BackboneKey, out var fp) || BackboneFingerprint.TryParse(fp) is not { } backbone)
        {
            throw new TesseraFormatException(path, null, $"not a Tessera task file (metadata '{ConfigKey}' and '{BackboneKey}' are required)");
        }
        var config = PromptTaskConfig.FromJson(json, path);
        return (config, CheckpointReader.Read(path), backbone);
    }

    /// <summary>Refuses to run a task on another backbone than the one it was trained on.</summary>
    /// <param name="path">The task file (for the message).</param>
    /// <param name="expected">The fingerprint stored in the file.</param>
    /// <param name="actual">The fingerprint of the backbone at hand.</param>
    /// <param name="actualName">A name for the backbone at hand (e.g. its file).</param>
    /// <exception cref="TesseraArgumentException">The fingerprints differ; the message names both backbones.</exception>
    public static void RequireBackbone(string path, BackboneFingerprint expected, BackboneFingerprint actual, string actualName)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Guard.That(expected == actual, "backbone",
            $"task file '{path}' was trained on backbone {expected} but the backbone given ({actualName}) is {actual}; load it onto the backbone it was trained on");
    }
}
