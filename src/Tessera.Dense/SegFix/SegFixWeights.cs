using System.Text.Json;
using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.SegFix;

/// <summary>
/// SegFix weight files: one safetensors file holding the whole state dict (parameters and BN buffers) under the
/// network's own keys, with the configuration as JSON in the metadata (<c>format = tessera-segfix/1</c>,
/// <c>config</c>). Written atomically. Loading is strict: missing, unexpected and mis-shaped keys are all reported
/// before anything is copied.
/// </summary>
public static class SegFixWeights
{
    /// <summary>Value of the <c>format</c> metadata entry.</summary>
    public const string Format = "tessera-segfix/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Writes the network's state dict and configuration.</summary>
    /// <param name="path">Destination (.safetensors).</param>
    /// <param name="net">The network.</param>
    /// <param name="extraMetadata">Optional extra metadata (e.g. how it was trained).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Save(string path, SegFixNet net, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(net);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (extraMetadata is not null)
        {
            foreach (var (k, v) in extraMetadata) { metadata[k] = v; }
        }
        metadata["format"] = Format;
        metadata["config"] = JsonSerializer.Serialize(net.Config, Json);
        CheckpointWriter.Save(path, net, metadata);
    }

    /// <summary>Creates a network from a weight file (configuration from its metadata) in eval mode.</summary>
    /// <param name="path">A file written by <see cref="Save"/>.</param>
    /// <returns>The network (the caller owns it).</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">Not a SegFix weight file, bad configuration, or keys that do not match.</exception>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public static SegFixNet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        if (!File.Exists(path)) { throw new FileNotFoundException($"weights '{path}' do not exist", path); }
        return Create(path, CheckpointReader.ReadSafetensors(path));
    }

    /// <summary>Creates a network from weights in a stream (e.g. an embedded resource) in eval mode.</summary>
    /// <param name="stream">Content written by <see cref="Save"/>; read from its start, not disposed.</param>
    /// <param name="source">Names the content in error messages.</param>
    /// <returns>The network (the caller owns it).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="TesseraFormatException">Not SegFix weights, bad configuration, or keys that do not match.</exception>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public static SegFixNet Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        TorchRuntime.EnsureLoaded();
        return Create(source, CheckpointReader.ReadSafetensors(stream, source));
    }

    private static SegFixNet Create(string source, (StateDict Tensors, IReadOnlyDictionary<string, string> Metadata) file)
    {
        var (stateDict, metadata) = file;
        var tensors = stateDict.Keys.ToDictionary(k => k, k => stateDict[k], StringComparer.Ordinal);
        try
        {
            var config = ReadConfig(source, metadata);
            var net = new SegFixNet(config);
            try
            {
                Copy(source, net, tensors);
            }
            catch
            {
                net.Dispose();
                throw;
            }
            net.eval();
            return net;
        }
        finally
        {
            stateDict.Dispose();
        }
    }

    /// <summary>Loads a weight file into an existing network, strictly.</summary>
    /// <param name="path">A file written by <see cref="Save"/>.</param>
    /// <param name="net">The network to fill; its configuration must produce the same keys and shapes.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">Not a SegFix weight file, or keys that do not match (nothing is copied then).</exception>
    public static void LoadInto(string path, SegFixNet net)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(net);
        if (!File.Exists(path)) { throw new FileNotFoundException($"weights '{path}' do not exist", path); }
        var (stateDict, metadata) = CheckpointReader.ReadSafetensors(path);
        var tensors = stateDict.Keys.ToDictionary(k => k, k => stateDict[k], StringComparer.Ordinal);
        try
        {
            RequireFormat(path, metadata);
            Copy(path, net, tensors);
        }
        finally
        {
            stateDict.Dispose();
        }
    }

    private static void RequireFormat(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("format", out var format) || format != Format)
        {
            throw new TesseraFormatException(path, "metadata", $"'format' is '{format ?? "(missing)"}', expected '{Format}' (a trainer checkpoint is not a weight file; use the exported segfix.safetensors)");
        }
    }

    private static SegFixConfig ReadConfig(string path, IReadOnlyDictionary<string, string> metadata)
    {
        RequireFormat(path, metadata);
        if (!metadata.TryGetValue("config", out var json)) { throw new TesseraFormatException(path, "metadata", "'config' is missing"); }
        SegFixConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<SegFixConfig>(json, Json);
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException(path, "metadata 'config'", $"is not valid JSON: {e.Message}");
        }
        if (config is null) { throw new TesseraFormatException(path, "metadata 'config'", "is null"); }
        try
        {
            config.Validate();
        }
        catch (TesseraArgumentException e)
        {
            throw new TesseraFormatException(path, "metadata 'config'", e.Message);
        }
        return config;
    }

    private static void Copy(string path, SegFixNet net, Dictionary<string, Tensor> tensors)
    {
        var state = net.state_dict();
        var missing = state.Keys.Where(k => !tensors.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = tensors.Keys.Where(k => !state.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var misshaped = state.Where(kv => tensors.TryGetValue(kv.Key, out var t) && (!t.shape.SequenceEqual(kv.Value.shape) || t.dtype != kv.Value.dtype))
            .Select(kv => $"{kv.Key}: file {tensors[kv.Key].dtype} [{string.Join(", ", tensors[kv.Key].shape)}], model {kv.Value.dtype} [{string.Join(", ", kv.Value.shape)}]")
            .Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || misshaped.Count > 0)
        {
            throw new TesseraFormatException(path, "tensors",
                $"do not match the network (missing: [{string.Join(", ", missing)}], unexpected: [{string.Join(", ", unexpected)}], mis-shaped: [{string.Join("; ", misshaped)}])");
        }
        using (torch.no_grad())
        {
            foreach (var (key, target) in state) { target.copy_(tensors[key]); }
        }
    }
}
