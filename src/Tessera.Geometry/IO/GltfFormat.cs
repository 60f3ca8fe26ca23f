using System.Numerics;
using System.Runtime.InteropServices;
using SharpGLTF.Schema2;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Geometry.IO;

/// <summary>
/// glTF 2.0 (<c>.gltf</c> + <c>.bin</c>, or binary <c>.glb</c>) through SharpGLTF. Reading merges every triangle
/// primitive of every mesh node of the default scene, applying node world transforms; positions and normals are
/// kept. Writing emits one node, one mesh, one primitive (float32 positions, optional normals, uint32 indices).
/// </summary>
public static class GltfFormat
{
    /// <summary>Reads a glTF or GLB file.</summary>
    /// <param name="path">File path.</param>
    /// <returns>The merged mesh.</returns>
    /// <exception cref="TesseraFormatException">The file is not valid glTF.</exception>
    public static TriangleMesh Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ModelRoot model;
        try
        {
            model = ModelRoot.Load(path);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or FileNotFoundException or DirectoryNotFoundException))
        {
            throw new TesseraFormatException(path, null, $"not a valid glTF file: {e.Message}");
        }
        var positions = new List<Vec3>();
        var normals = new List<Vec3>();
        var allHaveNormals = true;
        var tris = new List<int>();
        var scene = model.DefaultScene ?? (model.LogicalScenes.Count > 0 ? model.LogicalScenes[0] : null);
        var nodes = scene is null ? [] : scene.VisualChildren.SelectMany(Flatten).ToList();
        foreach (var node in nodes)
        {
            if (node.Mesh is null) { continue; }
            var world = node.WorldMatrix;
            Matrix4x4.Invert(world, out var inv);
            var normalMatrix = Matrix4x4.Transpose(inv);
            foreach (var prim in node.Mesh.Primitives)
            {
                if (prim.DrawPrimitiveType != PrimitiveType.TRIANGLES && prim.DrawPrimitiveType != PrimitiveType.TRIANGLE_STRIP
                    && prim.DrawPrimitiveType != PrimitiveType.TRIANGLE_FAN) { continue; }
                var posAcc = prim.GetVertexAccessor("POSITION");
                if (posAcc is null) { continue; }
                var offset = positions.Count;
                var pos = posAcc.AsVector3Array();
                foreach (var p in pos)
                {
                    var q = Vector3.Transform(p, world);
                    positions.Add(new Vec3(q.X, q.Y, q.Z));
                }
                var nrmAcc = prim.GetVertexAccessor("NORMAL");
                if (nrmAcc is null) { allHaveNormals = false; }
                else
                {
                    foreach (var n in nrmAcc.AsVector3Array())
                    {
                        var m = Vector3.Normalize(Vector3.TransformNormal(n, normalMatrix));
                        normals.Add(new Vec3(m.X, m.Y, m.Z));
                    }
                }
                foreach (var (a, b, c) in prim.GetTriangleIndices())
                {
                    if ((uint)a >= (uint)pos.Count || (uint)b >= (uint)pos.Count || (uint)c >= (uint)pos.Count)
                    {
                        throw new TesseraFormatException(path, $"mesh '{node.Mesh.Name}' primitive {prim.LogicalIndex}", "index out of range");
                    }
                    tris.Add(offset + a);
                    tris.Add(offset + b);
                    tris.Add(offset + c);
                }
            }
        }
        return new TriangleMesh([.. positions], [.. tris], allHaveNormals && normals.Count == positions.Count ? [.. normals] : null, null, null, validate: true);
    }

    private static IEnumerable<Node> Flatten(Node node) => [node, .. node.VisualChildren.SelectMany(Flatten)];

    /// <summary>Writes a glTF (<c>.gltf</c> + <c>.bin</c>) or GLB file; every file is written atomically.</summary>
    /// <param name="path">Destination (<c>.gltf</c> or <c>.glb</c>).</param>
    /// <param name="mesh">The mesh.</param>
    public static void Write(string path, TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mesh);
        var model = Build(mesh);
        if (Path.GetExtension(path).Equals(".glb", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = model.WriteGLB();
            AtomicFile.WriteAllBytes(path, bytes.AsSpan());
            return;
        }
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            var name = Path.GetFileName(full);
            model.SaveGLTF(Path.Combine(temp, name));
            // Satellite files first, the .gltf last, each by rename.
            foreach (var f in Directory.GetFiles(temp).OrderBy(f => f.EndsWith(".gltf", StringComparison.OrdinalIgnoreCase) ? 1 : 0))
            {
                File.Move(f, Path.Combine(dir, Path.GetFileName(f)), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static ModelRoot Build(TriangleMesh mesh)
    {
        var model = ModelRoot.CreateModel();
        var scene = model.UseScene("default");
        var node = scene.CreateNode("mesh");
        var gmesh = model.CreateMesh("mesh");
        var prim = gmesh.CreatePrimitive();

        var pos = new Vector3[mesh.VertexCount];
        for (var i = 0; i < pos.Length; i++)
        {
            var p = mesh.Positions[i];
            pos[i] = new Vector3((float)p.X, (float)p.Y, (float)p.Z);
        }
        var posBytes = MemoryMarshal.AsBytes(pos.AsSpan()).ToArray();
        var posView = model.UseBufferView(posBytes, 0, posBytes.Length, 0, BufferMode.ARRAY_BUFFER);
        var posAcc = model.CreateAccessor("POSITION");
        posAcc.SetVertexData(posView, 0, pos.Length, new SharpGLTF.Memory.AttributeFormat(DimensionType.VEC3, EncodingType.FLOAT, false));
        prim.SetVertexAccessor("POSITION", posAcc);

        if (mesh.HasNormals)
        {
            var nrm = new Vector3[mesh.VertexCount];
            for (var i = 0; i < nrm.Length; i++)
            {
                var n = mesh.Normals[i];
                nrm[i] = Vector3.Normalize(new Vector3((float)n.X, (float)n.Y, (float)n.Z));
            }
            var nb = MemoryMarshal.AsBytes(nrm.AsSpan()).ToArray();
            var nView = model.UseBufferView(nb, 0, nb.Length, 0, BufferMode.ARRAY_BUFFER);
            var nAcc = model.CreateAccessor("NORMAL");
            nAcc.SetVertexData(nView, 0, nrm.Length, new SharpGLTF.Memory.AttributeFormat(DimensionType.VEC3, EncodingType.FLOAT, false));
            prim.SetVertexAccessor("NORMAL", nAcc);
        }

        var idx = MemoryMarshal.AsBytes(mesh.Triangles).ToArray();
        var idxView = model.UseBufferView(idx, 0, idx.Length, 0, BufferMode.ELEMENT_ARRAY_BUFFER);
        var idxAcc = model.CreateAccessor("indices");
        idxAcc.SetIndexData(idxView, 0, mesh.Triangles.Length, IndexEncodingType.UNSIGNED_INT);
        prim.SetIndexAccessor(idxAcc);
        node.Mesh = gmesh;
        return model;
    }
}
