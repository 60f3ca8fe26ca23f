using Tessera.Core.Errors;

namespace Tessera.Geometry.IO;

/// <summary>Reads and writes meshes by file extension: <c>.obj</c>, <c>.ply</c>, <c>.stl</c>, <c>.gltf</c>, <c>.glb</c>.</summary>
public static class MeshFile
{
    /// <summary>The extensions <see cref="Read"/> and <see cref="Write"/> understand.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".obj", ".ply", ".stl", ".gltf", ".glb"];

    /// <summary>Reads a mesh, choosing the format by extension.</summary>
    /// <param name="path">File path.</param>
    /// <returns>The mesh.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraArgumentException">Unknown extension.</exception>
    /// <exception cref="TesseraFormatException">Malformed file (with line or byte position).</exception>
    public static TriangleMesh Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { throw new FileNotFoundException($"mesh file '{path}' does not exist", path); }
        return Extension(path) switch
        {
            ".obj" => ObjFormat.Read(path),
            ".ply" => PlyFormat.Read(path),
            ".stl" => StlFormat.Read(path),
            ".gltf" or ".glb" => GltfFormat.Read(path),
            var e => throw new TesseraArgumentException(nameof(path), $"extension '{e}' is not a supported mesh format ({string.Join(", ", Extensions)})"),
        };
    }

    /// <summary>Writes a mesh atomically, choosing the format by extension (PLY: binary little endian, doubles;
    /// STL: binary).</summary>
    /// <param name="path">Destination.</param>
    /// <param name="mesh">The mesh.</param>
    /// <exception cref="TesseraArgumentException">Unknown extension.</exception>
    public static void Write(string path, TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mesh);
        switch (Extension(path))
        {
            case ".obj": ObjFormat.Write(path, mesh); break;
            case ".ply": PlyFormat.Write(path, mesh); break;
            case ".stl": StlFormat.Write(path, mesh); break;
            case ".gltf":
            case ".glb": GltfFormat.Write(path, mesh); break;
            case var e:
                throw new TesseraArgumentException(nameof(path), $"extension '{e}' is not a supported mesh format ({string.Join(", ", Extensions)})");
        }
    }

    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
}
