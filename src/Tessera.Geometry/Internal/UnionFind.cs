namespace Tessera.Geometry.Internal;

/// <summary>Disjoint sets with path halving and union by size.</summary>
internal sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++) { _parent[i] = i; _size[i] = 1; }
    }

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    public bool Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a == b) { return false; }
        if (_size[a] < _size[b]) { (a, b) = (b, a); }
        _parent[b] = a;
        _size[a] += _size[b];
        return true;
    }
}
