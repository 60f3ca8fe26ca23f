using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Augment.Serialization;

/// <summary>
/// Reads and writes pipelines in albumentations 1.3.1's serialized form (<c>A.to_dict</c> / <c>A.save</c>):
/// <c>{"__version__": "1.3.1", "transform": {"__class_fullname__": …, "p": …, init args…, "transforms": [...]}}</c>.
/// </summary>
public static class AlbumentationsJson
{
    /// <summary>The albumentations version written into saved files.</summary>
    public const string Version = "1.3.1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads a pipeline from JSON text.</summary>
    /// <param name="json">The text (with or without the <c>__version__</c> wrapper).</param>
    /// <returns>The pipeline (usually a <see cref="Compose"/>).</returns>
    /// <exception cref="TesseraFormatException">The text is not JSON.</exception>
    /// <exception cref="TesseraArgumentException">Unknown transform or argument, or an invalid value (message lists what is supported).</exception>
    public static ITransform Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException("pipeline", e.LineNumber is { } l ? $"line {l + 1}" : null, e.Message);
        }
        return FromNode(node);
    }

    /// <summary>Reads a pipeline file; <c>.yaml</c>/<c>.yml</c> files are read as YAML, others as JSON.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static ITransform ReadFile(string path) => ReadFile(path, null);

    /// <summary>Reads a pipeline file with limits; <c>.yaml</c>/<c>.yml</c> files are read as YAML, others as JSON.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits (null: <see cref="PipelineReadOptions.Default"/>).</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">The file is malformed or expands past <see cref="PipelineReadOptions.MaxYamlNodes"/>.</exception>
    public static ITransform ReadFile(string path, PipelineReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"pipeline file '{path}' does not exist", path);
        }
        var text = File.ReadAllText(path);
        var limits = options ?? PipelineReadOptions.Default;
        try
        {
            return IsYaml(path) ? FromNode(AlbumentationsYaml.ToJsonNode(text, path, limits.MaxYamlNodes)) : Read(text);
        }
        catch (TesseraFormatException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new TesseraFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a pipeline file as a pipeline you can apply directly: a root that is a single transform or group is
    /// wrapped in a <see cref="Compose"/>, as albumentations would run it.
    /// </summary>
    /// <param name="path">The file (.json, or .yaml/.yml).</param>
    /// <param name="options">Limits (null: the defaults).</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">The file is malformed.</exception>
    /// <exception cref="TesseraArgumentException">Unknown transform or argument, or an invalid value.</exception>
    public static ComposeBase ReadPipelineFile(string path, PipelineReadOptions? options = null)
    {
        var t = ReadFile(path, options);
        return t as ComposeBase ?? new Compose([t]);
    }

    /// <summary>Builds a pipeline from a parsed serialized dict.</summary>
    /// <param name="node">The dict (with or without the wrapper).</param>
    /// <returns>The pipeline.</returns>
    public static ITransform FromNode(JsonNode? node) => ReadTransform(Unwrap(node));

    /// <summary>Writes a pipeline as albumentations-compatible JSON.</summary>
    /// <param name="transform">The pipeline.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(ITransform transform) => Wrap(ToNode(Base(transform))).ToJsonString(Indented);

    /// <summary>Writes a pipeline file atomically (YAML for <c>.yaml</c>/<c>.yml</c>, else JSON).</summary>
    /// <param name="path">Destination.</param>
    /// <param name="transform">The pipeline.</param>
    public static void WriteFile(string path, ITransform transform)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = Wrap(ToNode(Base(transform)));
        var text = IsYaml(path) ? AlbumentationsYaml.FromJsonNode(node) : node.ToJsonString(Indented);
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>Reads a replay dict (<c>ReplayCompose</c> output: the pipeline tree with <c>params</c> and <c>applied</c>).</summary>
    /// <param name="node">The replay dict.</param>
    /// <returns>The pipeline and the record to pass to <see cref="ComposeBase.Replay"/>.</returns>
    /// <exception cref="TesseraArgumentException">The root is not a Compose / ReplayCompose, or the tree is malformed.</exception>
    public static (ComposeBase Pipeline, ReplayRecord Record) ReadReplay(JsonNode? node)
    {
        var obj = Unwrap(node);
        var t = ReadTransform(obj);
        Guard.That(t is ComposeBase, "replay", $"root must be Compose or ReplayCompose (got {t.Name})");
        var c = (ComposeBase)t;
        return (c, c.ReadReplay(obj, new ParamsContext(null)));
    }

    /// <summary>Reads the replay record of an already built pipeline from a replay dict of the same tree.</summary>
    /// <param name="pipeline">The pipeline (e.g. built from the serialized dict, which may carry arguments the replay dict lacks).</param>
    /// <param name="replay">The replay dict (<c>ReplayCompose</c> output).</param>
    /// <param name="baseDirectory">Folder that relative array references (<c>{"__npy__": file}</c>) in params resolve against.</param>
    /// <returns>The record.</returns>
    /// <exception cref="TesseraArgumentException">The replay tree does not match the pipeline.</exception>
    public static ReplayRecord ReadReplayRecord(ComposeBase pipeline, JsonNode? replay, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var obj = Unwrap(replay);
        return pipeline.ReadReplay(obj, new ParamsContext(baseDirectory));
    }

    /// <summary>Writes a pipeline with the parameters of one run, as albumentations' <c>ReplayCompose</c> records them.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="record">A record of the pipeline.</param>
    /// <returns>The JSON text.</returns>
    public static string WriteReplay(ComposeBase pipeline, ReplayRecord record)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(record);
        var node = ToNode(pipeline);
        pipeline.WriteReplay(node, record);
        return node.ToJsonString(Indented);
    }

    internal static JsonObject ToNode(TransformBase t)
    {
        var node = new JsonObject { ["__class_fullname__"] = t.Name };
        t.WriteArgs(new ArgWriter(node));
        return node;
    }

    private static TransformBase Base(ITransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        Guard.That(transform is TransformBase, nameof(transform), "must be a Tessera transform");
        return (TransformBase)transform;
    }

    private static JsonObject Wrap(JsonObject transform) => new() { ["__version__"] = Version, ["transform"] = transform };

    private static JsonObject Unwrap(JsonNode? node)
    {
        Guard.That(node is JsonObject, "pipeline", "must be a JSON object (a serialized albumentations transform)");
        var obj = (JsonObject)node;
        if (obj["transform"] is JsonObject inner && obj["__class_fullname__"] is null)
        {
            return inner;
        }
        return obj;
    }

    private static TransformBase ReadTransform(JsonObject node)
    {
        var nameNode = node["__class_fullname__"];
        Guard.That(nameNode is JsonValue v && v.GetValueKind() == JsonValueKind.String, "__class_fullname__", "is missing or not a string");
        var name = nameNode!.GetValue<string>();
        if (!TransformCatalog.TryGet(name, out var factory))
        {
            if (TransformCatalog.IsNotImplemented(name))
            {
                throw new TesseraArgumentException("__class_fullname__",
                    $"'{name}' is an albumentations 1.3.1 transform that Tessera does not implement; supported: {string.Join(", ", TransformCatalog.Names)}");
            }
            throw new TesseraArgumentException("__class_fullname__",
                $"unknown transform '{name}'; supported: {string.Join(", ", TransformCatalog.Names)}");
        }
        var reader = new ArgReader(TransformCatalog.ShortName(name), node, ReadTransform);
        var t = factory(reader);
        reader.Done();
        return t;
    }

    private static bool IsYaml(string path) => Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml";
}
