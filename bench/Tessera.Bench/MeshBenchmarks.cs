using BenchmarkDotNet.Attributes;
using Tessera.Geometry;
using Tessera.Geometry.IO;
using Tessera.Geometry.Simplification;
using Tessera.Geometry.Subdivision;

namespace Tessera.Bench;

/// <summary>The operations of <c>tessera bench mesh</c> (ids of shared/bench/mesh-reference.json in the names).</summary>
[MemoryDiagnoser]
public class MeshBenchmarks
{
    private TriangleMesh _large = null!;
    private TriangleMesh _m100k = null!;
    private TriangleMesh _m25k = null!;
    private string _obj = "";
    private string _out = "";

    [GlobalSetup]
    public void Setup()
    {
        _large = MeshGenerators.BumpyTorus(512, 256);
        _m100k = MeshGenerators.BumpyTorus(320, 160);
        _m25k = MeshGenerators.BumpyTorus(160, 80);
        var dir = Directory.CreateTempSubdirectory("tessera-bdn-mesh").FullName;
        _obj = Path.Combine(dir, "large.obj");
        _out = Path.Combine(dir, "out.obj");
        ObjFormat.Write(_obj, _large);
    }

    [Benchmark]
    public TriangleMesh Loop_1iter_100k() => LoopSubdivision.Apply(_m100k, 1);

    [Benchmark]
    public TriangleMesh Loop_2iter_25k() => LoopSubdivision.Apply(_m25k, 2);

    [Benchmark]
    public TriangleMesh Sqrt3_1iter_100k() => Sqrt3Subdivision.Apply(_m100k, 1);

    [Benchmark]
    public TriangleMesh Sqrt3_2iter_25k() => Sqrt3Subdivision.Apply(_m25k, 2);

    [Benchmark]
    public TriangleMesh Qem_large_10pct() => QemSimplification.Apply(_large, new QemOptions { TargetFaces = _large.FaceCount / 10 });

    [Benchmark]
    public TriangleMesh ReadObj_large() => ObjFormat.Read(_obj);

    [Benchmark]
    public void WriteObj_large() => ObjFormat.Write(_out, _large);
}
