namespace Tessera.Nn.Weights;

/// <summary>A key whose checkpoint tensor has a different shape than the module expects.</summary>
/// <param name="Key">Checkpoint key.</param>
/// <param name="Expected">Shape of the module's tensor.</param>
/// <param name="Actual">Shape in the checkpoint.</param>
public sealed record ShapeMismatch(string Key, IReadOnlyList<long> Expected, IReadOnlyList<long> Actual)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: expected [{string.Join(", ", Expected)}], checkpoint has [{string.Join(", ", Actual)}]";
}

/// <summary>What loading a state dict into a module found: which keys were copied, and which were missing,
/// unexpected or mis-shaped (like PyTorch's <c>load_state_dict</c> result, plus shape checks).</summary>
/// <param name="Loaded">Keys copied into the module.</param>
/// <param name="Missing">Module keys the checkpoint lacks.</param>
/// <param name="Unexpected">Checkpoint keys the module does not have.</param>
/// <param name="Mismatched">Keys present on both sides with different shapes (never copied).</param>
public sealed record LoadReport(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> Mismatched)
{
    /// <summary>True when every module key was loaded and the checkpoint had nothing else.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    /// <summary>A one-paragraph summary naming up to <paramref name="maxKeys"/> keys per list.</summary>
    /// <param name="maxKeys">How many keys to name per list.</param>
    /// <returns>The summary.</returns>
    public string Describe(int maxKeys = 5)
    {
        var parts = new List<string> { $"{Loaded.Count} loaded" };
        if (Missing.Count > 0) { parts.Add($"{Missing.Count} missing ({Names(Missing, maxKeys)})"); }
        if (Unexpected.Count > 0) { parts.Add($"{Unexpected.Count} unexpected ({Names(Unexpected, maxKeys)})"); }
        if (Mismatched.Count > 0) { parts.Add($"{Mismatched.Count} mis-shaped ({Names(Mismatched.Select(m => m.ToString()).ToList(), maxKeys)})"); }
        return string.Join(", ", parts);
    }

    private static string Names(IReadOnlyList<string> keys, int max)
        => string.Join("; ", keys.Take(max)) + (keys.Count > max ? $"; … {keys.Count - max} more" : "");
}
