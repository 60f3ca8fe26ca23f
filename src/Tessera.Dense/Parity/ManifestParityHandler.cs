using System.Text.Json;
using Tessera.Core.Parity;
using TorchSharp;

namespace Tessera.Dense.Parity;

/// <summary>
/// The skeleton the dense-prediction parity handlers share: a folder whose <c>manifest.json</c> lists cases whose
/// <c>kind</c> starts with <see cref="KindPrefix"/>; each case runs its kind's runner on the re-read manifest inside a
/// dispose scope without gradients. Unknown kinds become failing cases (never skipped).
/// </summary>
public abstract class ManifestParityHandler : IParityHandler
{
    /// <inheritdoc />
    public abstract string Format { get; }

    /// <summary>The prefix every case kind of this format carries (e.g. <c>clipseg_</c>).</summary>
    protected abstract string KindPrefix { get; }

    /// <summary>Runner per case kind: (fixture folder, manifest, case) → outcome.</summary>
    protected abstract IReadOnlyDictionary<string, Func<string, JsonDocument, JsonElement, ParityOutcome>> Runners { get; }

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        var opened = DenseParityJson.OpenWithKinds(directory, KindPrefix);
        if (opened is not { } o) { return null; }
        using var doc = o.Doc;
        var list = new List<ParityCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var kind = c.GetProperty("kind").GetString() ?? "";
            Func<CancellationToken, ParityOutcome> run = Runners.TryGetValue(kind, out var runner)
                ? _ => RunCase(directory, name, runner)
                : _ => new ParityOutcome(ParityStatus.Fail, "kind", null, null, "unknown case kind");
            list.Add(new ParityCase(name, run));
        }
        return [new ParityGroup("models", o.Group, directory, list)];
    }

    private static ParityOutcome RunCase(string directory, string name, Func<string, JsonDocument, JsonElement, ParityOutcome> run)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return run(directory, doc, DenseParityJson.FindCase(doc, name));
    }
}
