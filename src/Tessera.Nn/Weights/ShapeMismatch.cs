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
