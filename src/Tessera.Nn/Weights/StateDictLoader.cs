using Tessera.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Weights;

/// <summary>Copies a <see cref="StateDict"/> into a module's parameters and buffers, by name.</summary>
public static class StateDictLoader
{
    /// <summary>
    /// Checks every key first, then copies. Strict (the default) refuses any difference and copies nothing;
    /// non-strict copies the keys that match by name and shape and reports the rest.
    /// </summary>
    /// <param name="module">Target module; its tensors are overwritten in place (values converted to their dtype).</param>
    /// <param name="weights">The checkpoint (not modified).</param>
    /// <param name="strict">Refuse partial loads.</param>
    /// <returns>The report (complete when strict).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IncompatibleWeightsException">Strict and some key is missing, unexpected or mis-shaped.</exception>
    /// <remarks>Mis-shaped keys are never copied, even when not strict (PyTorch raises for them).</remarks>
    public static LoadReport Load(nn.Module module, StateDict weights, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(weights);
        TorchRuntime.EnsureLoaded();
        var targets = new List<(string Name, Tensor Tensor)>();
        targets.AddRange(module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        targets.AddRange(module.named_buffers());
        var known = new HashSet<string>(targets.Select(t => t.Name), StringComparer.Ordinal);

        var loaded = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<ShapeMismatch>();
        var copies = new List<(Tensor Target, Tensor Source)>();
        foreach (var (name, target) in targets)
        {
            if (!weights.TryGetValue(name, out var source))
            {
                missing.Add(name);
                continue;
            }
            if (!source.shape.SequenceEqual(target.shape))
            {
                mismatched.Add(new ShapeMismatch(name, target.shape, source.shape));
                continue;
            }
            loaded.Add(name);
            copies.Add((target, source));
        }
        var unexpected = weights.Keys.Where(k => !known.Contains(k)).ToList();
        var report = new LoadReport(loaded, missing, unexpected, mismatched);
        if (strict && !report.IsComplete)
        {
            throw new IncompatibleWeightsException(nameof(weights), report);
        }
        using (torch.no_grad())
        {
            foreach (var (target, source) in copies)
            {
                target.copy_(source);
            }
        }
        return report;
    }
}
