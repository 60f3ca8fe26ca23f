using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Core.Progress;

namespace Tessera.Geometry.Simplification;

/// <summary>
/// One run of <see cref="QemSimplification"/>: the lazy priority queue of edge collapses and, when the target is
/// not reached with the normal guard, the relaxed stages that go down to what the topology allows.
/// </summary>
/// <remarks>
/// Stage 1 collapses cheapest first under every guard. If the queue runs dry above the target, stage 2 queues every
/// live edge again without the normal guard (with <see cref="QemOptions.RelaxNormalGuard"/>; otherwise with the same
/// guards, which only retries edges whose neighbourhood changed after they were refused). Stage 3, on closed meshes
/// without caller criteria, is the end game on an irreducible triangulation: the cheapest collapse that keeps the
/// topology, or else the shortest sequence of at most <see cref="MaxFlipDepth"/> edge flips after which one exists.
/// </remarks>
internal sealed class QemRun
{
    /// <summary>Longest sequence of edge flips tried to make a collapse possible.</summary>
    public const int MaxFlipDepth = 3;

    private readonly EditableMesh _em;
    private readonly Quadric[] _quadrics;
    private readonly QemOptions _options;
    private readonly IReadOnlyList<ICollapseCriterion> _extra;
    private readonly IProgress<ProgressReport>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly int[] _version;
    private readonly bool[] _blocked;
    private readonly PriorityQueue<(int U, int V, int SU, int SV), double> _queue;
    private readonly List<int> _neighbors = [];
    private readonly List<ICollapseCriterion> _allGuards;
    private readonly List<ICollapseCriterion> _hardGuards = [];
    private readonly int _start;
    private readonly int _toRemove;
    private int _steps;
    private double _refusedCost;
    private int _relaxed;
    private int _flips;

    public QemRun(TriangleMesh mesh, Quadric[] quadrics, QemOptions options, IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        _em = new EditableMesh(mesh);
        _quadrics = quadrics;
        _options = options;
        _extra = options.Criteria;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _version = new int[mesh.VertexCount];
        _blocked = new bool[mesh.VertexCount];
        _queue = new PriorityQueue<(int U, int V, int SU, int SV), double>(3 * mesh.FaceCount);
        // Built-in guards only veto (checked when a collapse is about to happen); the caller's criteria add costs
        // that order the queue (checked when an edge is queued and again when it is popped) or veto.
        if (options.PreserveBoundary) { _hardGuards.Add(new BoundaryLockCriterion()); }
        _allGuards = [new NormalFlipCriterion(options.MaxNormalChangeDegrees), .. _hardGuards];
        _start = mesh.FaceCount;
        _toRemove = Math.Max(1, _start - options.TargetFaces);
    }

    private bool Reached => _options.TargetFaces > 0 && _em.LiveFaces <= _options.TargetFaces;

    /// <summary>Queues the collapse of edge (u, v) with its current cost (or marks it blocked when vetoed).</summary>
    public void Push(int u, int v)
    {
        var c = QemSimplification.Evaluate(_quadrics, _em, _options, u, v);
        var total = _extra.Count == 0 ? c.QuadricError : c.QuadricError + ExtraCost(c);
        if (double.IsPositiveInfinity(total))
        {
            // vetoed for now; queued again when a collapse next to u or v changes their neighbourhood
            _blocked[u] = _blocked[v] = true;
            return;
        }
        _queue.Enqueue((u, v, _version[u], _version[v]), total);
    }

    /// <summary>Runs the stages and reports.</summary>
    public QemResult Execute(bool closed)
    {
        var hitMaxError = Drain(_allGuards, relaxed: false);
        if (!hitMaxError && _options.TargetFaces > 0 && !Reached)
        {
            _queue.Clear();
            Array.Clear(_blocked);
            foreach (var (u, v) in _em.LiveEdges()) { Push(u, v); }
            hitMaxError = Drain(_options.RelaxNormalGuard ? _hardGuards : _allGuards, relaxed: _options.RelaxNormalGuard);
        }
        if (!hitMaxError && _options.TargetFaces > 0 && !Reached && _options.RelaxNormalGuard && closed && _extra.Count == 0)
        {
            hitMaxError = EndGame();
        }
        _progress?.Report(new ProgressReport("simplify", _start - _em.LiveFaces, _toRemove, null));
        return Report(hitMaxError);
    }

    /// <summary>Collapses from the queue until the target, an empty queue or a cost above MaxError (returns true).</summary>
    private bool Drain(List<ICollapseCriterion> guards, bool relaxed)
    {
        while (_queue.Count > 0 && (_options.TargetFaces == 0 || _em.LiveFaces > _options.TargetFaces))
        {
            if ((++_steps & 1023) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _progress?.Report(new ProgressReport("simplify", _start - _em.LiveFaces, _toRemove, null));
            }
            _queue.TryDequeue(out var e, out var cost);
            if (_version[e.U] != e.SU || _version[e.V] != e.SV) { continue; }
            var c = QemSimplification.Evaluate(_quadrics, _em, _options, e.U, e.V);
            var total = c.QuadricError + ExtraCost(c);
            if (double.IsPositiveInfinity(total))
            {
                _blocked[e.U] = _blocked[e.V] = true;
                continue;
            }
            if (total > cost + (1e-12 * Math.Abs(cost)))
            {
                // a criterion's cost rose since the edge was queued (its neighbourhood changed): queue it again
                _queue.Enqueue((e.U, e.V, e.SU, e.SV), total);
                continue;
            }
            if (total > _options.MaxError)
            {
                _refusedCost = total;
                return true;
            }
            if (_em.CanCollapse(c.Remove, c.Keep) != CollapseResult.Ok || Vetoed(guards, c))
            {
                _blocked[e.U] = _blocked[e.V] = true;
                continue;
            }
            Collapse(c);
            if (relaxed) { _relaxed++; }
            _em.Neighbors(c.Keep, _neighbors);
            foreach (var w in _neighbors) { Push(c.Keep, w); }
            foreach (var w in _neighbors.ToArray())
            {
                if (!_blocked[w]) { continue; }
                _blocked[w] = false;
                _em.Neighbors(w, _neighbors);
                foreach (var x in _neighbors)
                {
                    if (x != c.Keep) { Push(w, x); }
                }
            }
        }
        return false;
    }

    private void Collapse(CollapseCandidate c)
    {
        _em.Collapse(c.Remove, c.Keep, c.Target);
        _quadrics[c.Keep].Add(_quadrics[c.Remove]);
        _version[c.Remove]++;
        _version[c.Keep]++;
    }

    /// <summary>Stage 3 on a small closed mesh: cheapest topology-keeping collapse, else edge flips that make one
    /// possible. Returns true when stopped by MaxError.</summary>
    private bool EndGame()
    {
        while (!Reached)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            CollapseCandidate? best = null;
            foreach (var (u, v) in _em.LiveEdges())
            {
                var c = QemSimplification.Evaluate(_quadrics, _em, _options, u, v);
                if ((best is null || c.QuadricError < best.Value.QuadricError) && _em.CanCollapse(c.Remove, c.Keep) == CollapseResult.Ok
                    && !Vetoed(_hardGuards, c))
                {
                    best = c;
                }
            }
            if (best is { } b)
            {
                if (b.QuadricError > _options.MaxError)
                {
                    _refusedCost = b.QuadricError;
                    return true;
                }
                Collapse(b);
                _relaxed++;
                continue;
            }
            var found = false;
            for (var depth = 1; depth <= MaxFlipDepth && !found; depth++) { found = FlipSearch(depth); }
            if (!found) { break; }
        }
        return false;
    }

    /// <summary>Depth-limited search for edge flips after which some collapse keeps the topology; the flips of a
    /// successful branch are kept, the others undone.</summary>
    private bool FlipSearch(int depth)
    {
        foreach (var (u, v) in _em.LiveEdges())
        {
            if (!_em.CanFlip(u, v)) { continue; }
            var (a, b) = _em.Flip(u, v);
            _flips++;
            if (AnyTopologicalCollapse() || (depth > 1 && FlipSearch(depth - 1))) { return true; }
            _em.Flip(a, b);
            _flips--;
        }
        return false;
    }

    private bool AnyTopologicalCollapse()
    {
        foreach (var (u, v) in _em.LiveEdges())
        {
            if (_em.CanCollapse(u, v) == CollapseResult.Ok) { return true; }
        }
        return false;
    }

    private QemResult Report(bool hitMaxError)
    {
        var mesh = _em.ToMesh();
        var minimum = TopologicalMinimum.Of(_em, out var genera);
        var f = mesh.FaceCount;
        var inv = CultureInfo.InvariantCulture;
        var shape = minimum is null ? "" : string.Join(", ", genera.GroupBy(g => g).OrderBy(g => g.Key)
            .Select(g => string.Create(inv, $"{g.Count()} closed component{(g.Count() == 1 ? "" : "s")} of genus {g.Key}")));
        var minText = minimum is null ? "unknown for a mesh with a boundary" : string.Create(inv, $"{minimum} faces for {shape}");
        if (_options.TargetFaces == 0 || Reached)
        {
            return Result(QemStopReason.TargetReached, string.Create(inv, $"reached {f} faces"));
        }
        if (hitMaxError)
        {
            return Result(QemStopReason.MaxError, string.Create(inv,
                $"stopped at {f} faces: the next collapse costs {_refusedCost:G4}, above MaxError {_options.MaxError:G4}"));
        }
        var vetoers = VetoingCriteria();
        if (vetoers.Count > 0)
        {
            return Result(QemStopReason.Vetoed, string.Create(inv,
                $"stopped at {f} faces: every collapse that keeps the topology is vetoed by {string.Join(", ", vetoers)} (topological minimum: {minText})"));
        }
        if (minimum == f)
        {
            return Result(QemStopReason.TopologicalMinimum, string.Create(inv,
                $"stopped at {f} faces, the fewest a triangulated surface with {shape} can have; any further collapse would change the genus or the components"));
        }
        var why = !_options.RelaxNormalGuard ? "the normal guard is kept (RelaxNormalGuard = false)"
            : minimum is null ? "meshes with a boundary get no edge flips"
            : _extra.Count > 0 ? "caller criteria are set, so no edge flips are tried"
            : string.Create(inv, $"no sequence of up to {MaxFlipDepth} edge flips makes one possible");
        return Result(QemStopReason.NoTopologyPreservingCollapse, string.Create(inv,
            $"stopped at {f} faces: every remaining collapse would change the topology and {why} (topological minimum: {minText})"));

        QemResult Result(QemStopReason reason, string text)
            => new(mesh, _options.TargetFaces, reason, minimum, _relaxed, _flips, text);
    }

    /// <summary>Names of the criteria that veto the collapses the topology would allow.</summary>
    private List<string> VetoingCriteria()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (u, v) in _em.LiveEdges())
        {
            var c = QemSimplification.Evaluate(_quadrics, _em, _options, u, v);
            if (_em.CanCollapse(c.Remove, c.Keep) != CollapseResult.Ok) { continue; }
            foreach (var cr in _allGuards.Concat(_extra))
            {
                if (double.IsPositiveInfinity(cr.Score(_em, c))) { names.Add(cr.GetType().Name); }
            }
        }
        return [.. names];
    }

    private bool Vetoed(List<ICollapseCriterion> criteria, CollapseCandidate c)
    {
        foreach (var cr in criteria)
        {
            if (double.IsPositiveInfinity(cr.Score(_em, c))) { return true; }
        }
        return false;
    }

    /// <summary>Sum of the caller's criteria costs, <see cref="double.PositiveInfinity"/> when one vetoes.</summary>
    private double ExtraCost(CollapseCandidate c)
    {
        var sum = 0.0;
        foreach (var cr in _extra)
        {
            var s = cr.Score(_em, c);
            if (double.IsPositiveInfinity(s)) { return double.PositiveInfinity; }
            Guard.That(s >= 0, nameof(QemOptions.Criteria), $"{cr.GetType().Name} returned the cost {s}; costs must be >= 0 or +infinity (veto)");
            sum += s;
        }
        return sum;
    }
}
