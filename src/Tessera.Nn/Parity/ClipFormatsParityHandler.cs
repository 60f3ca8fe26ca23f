using System.Text.Json;
using Tessera.Core.Parity;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Nn.Parity;

/// <summary>
/// Parity of the PyTorch checkpoint readers: a folder whose <c>manifest.json</c> names a reference safetensors file
/// (<c>same_weights_as</c>) and lists other weight files (<c>files</c>). Each file is a case: it must hold exactly the
/// reference's keys, and every tensor must equal the reference bit for bit (dtype, shape and bytes).
/// </summary>
public sealed class ClipFormatsParityHandler : IParityHandler
{
    /// <inheritdoc />
    public string Format => "checkpoint-formats";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null) { return null; }
        var root = doc.RootElement;
        if (!root.TryGetProperty("same_weights_as", out var same) || same.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var reference = ResolveReference(directory, same.GetString()!);
        var expectedCount = root.TryGetProperty("tensors", out var n) ? n.GetInt32() : (int?)null;
        var group = root.TryGetProperty("group", out var g) ? g.GetString() ?? Path.GetFileName(directory) : Path.GetFileName(directory);
        var cases = files.EnumerateObject().Select(f => f.Name).ToList()
            .Select(name => new ParityCase(name, _ => Compare(Path.Combine(directory, name), reference, expectedCount)))
            .ToList();
        return [new ParityGroup("models", group, directory, cases)];
    }

    /// <summary>The reference path is relative to the manifest's folder or, failing that, to its parent (the area folder).</summary>
    private static string ResolveReference(string directory, string relative)
    {
        var here = Path.Combine(directory, relative);
        if (File.Exists(here)) { return here; }
        var parent = Path.GetDirectoryName(Path.GetFullPath(directory));
        return parent is null ? here : Path.Combine(parent, relative);
    }

    private static ParityOutcome Compare(string file, string reference, int? expectedCount)
    {
        using var expected = CheckpointReader.Read(reference);
        using var actual = CheckpointReader.Read(file);
        var format = CheckpointReader.Detect(file);
        var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).ToList();
        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var differing = new List<string>();
        foreach (var key in expected.Keys.Where(actual.ContainsKey))
        {
            var a = actual[key];
            var e = expected[key];
            if (a.dtype != e.dtype || !a.shape.SequenceEqual(e.shape)) { differing.Add(key); continue; }
            using var ac = a.contiguous();
            using var ec = e.contiguous();
            if (!ac.bytes.SequenceEqual(ec.bytes)) { differing.Add(key); }
        }
        var countOk = expectedCount is null || actual.Count == expectedCount;
        var mismatches = missing.Count + extra.Count + differing.Count + (countOk ? 0 : 1);
        return ParityOutcome.Exact("tensors_not_bit_identical", mismatches,
            $"{format}: {actual.Count} tensors; missing {missing.Count}, unexpected {extra.Count}, differing {differing.Count}"
            + (differing.Count > 0 ? $" (first: {differing[0]})" : ""));
    }
}
