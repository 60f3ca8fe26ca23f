namespace Tessera.Core.Parity;

/// <summary>A named group of cases found in a fixture folder.</summary>
/// <param name="Area">Fixture area (e.g. <c>segfix</c>).</param>
/// <param name="Name">Group name (e.g. <c>distance</c>).</param>
/// <param name="Directory">Folder the group was read from.</param>
/// <param name="Cases">The cases; empty for an unsupported group.</param>
/// <param name="Supported">False when no handler understands the folder.</param>
public sealed record ParityGroup(string Area, string Name, string Directory, IReadOnlyList<ParityCase> Cases, bool Supported = true)
{
    /// <summary>Why no handler could open the folder when its index or manifest is broken (names the file); null otherwise.</summary>
    public string? Problem { get; init; }
}
