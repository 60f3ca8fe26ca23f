using Tessera.Core.Errors;
using Tessera.Core.Progress;

namespace Tessera.Core.Parity;

/// <summary>
/// Finds the reference cases under a folder and runs them. Every folder is offered to the catalogue's handlers;
/// a claimed folder yields its groups, an unclaimed folder that holds a manifest (a <c>.json</c> file) yields an
/// <see cref="ParityStatus.Unsupported"/> group named after it, and unclaimed folders are searched recursively.
/// </summary>
public static class ParityRunner
{
    /// <summary>Lists the groups found under <paramref name="root"/> without running them.</summary>
    /// <param name="catalog">The handlers.</param>
    /// <param name="root">Fixture folder (an area folder or a folder of areas).</param>
    /// <returns>Groups in discovery order (folders sorted by name).</returns>
    /// <exception cref="TesseraArgumentException">The folder does not exist.</exception>
    public static IReadOnlyList<ParityGroup> Discover(ParityCatalog catalog, string root)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(root);
        Guard.That(Directory.Exists(root), nameof(root), $"fixture folder '{root}' does not exist");
        var full = Path.GetFullPath(root);
        var groups = new List<ParityGroup>();
        Walk(catalog, full, full, groups);
        return groups;
    }

    /// <summary>Runs the selected groups and returns one row per case.</summary>
    /// <param name="catalog">The handlers.</param>
    /// <param name="root">Fixture folder.</param>
    /// <param name="selectedGroups">Group filters (<c>group</c>, <c>area</c> or <c>area/group</c>); empty selects all.
    /// A filter that matches nothing yields an unsupported row.</param>
    /// <param name="progress">Receives one report per finished case.</param>
    /// <param name="cancellationToken">Stops between cases.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<ParityRow> Run(ParityCatalog catalog, string root, IReadOnlyCollection<string>? selectedGroups = null,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var all = Discover(catalog, root);
        Guard.That(all.Count > 0, nameof(root), $"nothing found under '{root}': no fixture group (a folder with index.json, manifest.json or other .json files)");
        var selected = Select(all, selectedGroups, out var unmatched);
        var rows = new List<ParityRow>();
        foreach (var name in unmatched)
        {
            rows.Add(new ParityRow("?", name, "*", ParityStatus.Unsupported, "cases", 0, null, $"no group '{name}' found under {root}"));
        }
        var total = selected.Sum(g => Math.Max(1, g.Cases.Count));
        var done = 0;
        foreach (var group in selected)
        {
            if (!group.Supported)
            {
                rows.Add(group.Problem is { } problem
                    ? new ParityRow(group.Area, group.Name, "*", ParityStatus.Fail, "index", null, null, problem)
                    : new ParityRow(group.Area, group.Name, "*", ParityStatus.Unsupported, "cases", null, null, "no handler for this fixture format yet"));
                progress?.Report(new ProgressReport("parity", ++done, total, $"{group.Area}/{group.Name}"));
                continue;
            }
            foreach (var c in group.Cases)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows.Add(RunCase(group, c, cancellationToken));
                progress?.Report(new ProgressReport("parity", ++done, total, $"{group.Area}/{group.Name}/{c.Name}"));
            }
        }
        return rows;
    }

    /// <summary>Runs one case, turning an exception into a failing row.</summary>
    /// <param name="group">The case's group.</param>
    /// <param name="parityCase">The case.</param>
    /// <param name="cancellationToken">Passed to the case.</param>
    /// <returns>The row.</returns>
    public static ParityRow RunCase(ParityGroup group, ParityCase parityCase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parityCase);
        try
        {
            var o = parityCase.Run(cancellationToken);
            return new ParityRow(group.Area, group.Name, parityCase.Name, o.Status, o.Metric, o.Value, o.Limit, o.Message);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // a failing case must become a row, whatever it threw
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new ParityRow(group.Area, group.Name, parityCase.Name, ParityStatus.Fail, "exception", null, null,
                $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Filters groups by names (<c>group</c>, <c>area</c> or <c>area/group</c>).</summary>
    /// <param name="groups">All groups.</param>
    /// <param name="filters">Filters; null or empty selects everything.</param>
    /// <param name="unmatched">Filters that matched no group.</param>
    /// <returns>The selected groups in their original order.</returns>
    public static IReadOnlyList<ParityGroup> Select(IReadOnlyList<ParityGroup> groups, IReadOnlyCollection<string>? filters, out IReadOnlyList<string> unmatched)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (filters is null || filters.Count == 0)
        {
            unmatched = [];
            return groups;
        }
        var missing = new List<string>();
        var chosen = new HashSet<ParityGroup>();
        foreach (var f in filters)
        {
            var hits = groups.Where(g => Matches(g, f)).ToList();
            if (hits.Count == 0) { missing.Add(f); }
            chosen.UnionWith(hits);
        }
        unmatched = missing;
        return groups.Where(chosen.Contains).ToList();
    }

    private static bool Matches(ParityGroup g, string filter)
        => string.Equals(g.Name, filter, StringComparison.OrdinalIgnoreCase)
           || string.Equals(g.Area, filter, StringComparison.OrdinalIgnoreCase)
           || string.Equals($"{g.Area}/{g.Name}", filter, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first index.json / manifest.json of the folder that is not valid JSON, described; null when they parse.</summary>
    private static string? BrokenIndex(string dir)
    {
        foreach (var name in new[] { "index.json", "manifest.json" })
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path))
            {
                continue;
            }
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
                if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                {
                    return $"{path}: must be a JSON object (got {doc.RootElement.ValueKind})";
                }
            }
            catch (System.Text.Json.JsonException e)
            {
                return $"{path}: malformed JSON ({e.Message})";
            }
        }
        return null;
    }

    private static void Walk(ParityCatalog catalog, string root, string dir, List<ParityGroup> groups)
    {
        foreach (var handler in catalog.Handlers)
        {
            var found = handler.TryOpen(dir);
            if (found is not null)
            {
                groups.AddRange(found);
                return;
            }
        }
        if (Directory.EnumerateFiles(dir, "*.json").Any())
        {
            var parent = Path.GetDirectoryName(dir);
            var area = dir == root || parent is null ? Path.GetFileName(dir) : Path.GetFileName(parent);
            groups.Add(new ParityGroup(area, Path.GetFileName(dir), dir, [], Supported: false) { Problem = BrokenIndex(dir) });
        }
        foreach (var sub in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            Walk(catalog, root, sub, groups);
        }
    }
}
