using Tessera.Core.IO;
using Tessera.Core.Errors;

namespace Tessera.Geometry.IO;

/// <summary>Reads and writes meshes by file extension: <c>.obj</c>, <c>.ply</c>, <c>.stl</c>, <c>.gltf</c>, <c>.glb</c>.</summary>
public static class MeshFile
{
    /// <summary>The extensions <see cref="Read(string)"/> and <see cref="Write(string, TriangleMesh)"/> understand.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".obj", ".ply", ".stl", ".gltf", ".glb"];

    /// <summary>Reads a mesh, choosing the format by extension.</summary>
    /// <param name="path">File path.</param>
    /// <returns>The mesh.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraArgumentException">Unknown extension.</exception>
    /// <exception cref="TesseraFormatException">Malformed file (with line or byte position).</exception>
    public static TriangleMesh Read(string path) => Read(path, CancellationToken.None);

    /// <summary>Reads a mesh, choosing the format by extension; the file is read in 1 MiB blocks, checking the token between them.</summary>
    /// <param name="path">File path.</param>
    /// <param name="cancellationToken">Stops the read with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The mesh.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraArgumentException">Unknown extension.</exception>
    /// <exception cref="TesseraFormatException">Malformed file (with line or byte position).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TriangleMesh Read(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (cancellationToken.CanBeCanceled)
        {
            if (!File.Exists(path)) { throw new FileNotFoundException($"mesh file '{path}' does not exist", path); }
            var ext = Extension(path);
            if (ext is ".obj" or ".ply" or ".stl")
            {
                var data = ReadAllBytes(path, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                return ext switch
                {
                    ".obj" => ObjFormat.Read(data, path),
                    ".ply" => PlyFormat.Read(data, path),
                    _ => StlFormat.Read(data, path),
                };
            }
        }
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
    public static void Write(string path, TriangleMesh mesh) => Write(path, mesh, CancellationToken.None);

    /// <summary>
    /// Writes a mesh atomically, choosing the format by extension; the token is checked before every buffered block, and a
    /// cancelled write leaves neither the output nor its temporary file behind.
    /// </summary>
    /// <param name="path">Destination.</param>
    /// <param name="mesh">The mesh.</param>
    /// <param name="cancellationToken">Stops the write with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="TesseraArgumentException">Unknown extension.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static void Write(string path, TriangleMesh mesh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mesh);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (Extension(path))
            {
                case ".obj": AtomicFile.Write(path, s => ObjFormat.Write(new CancellableWriteStream(s, cancellationToken), mesh)); return;
                case ".ply": AtomicFile.Write(path, s => PlyFormat.Write(new CancellableWriteStream(s, cancellationToken), mesh)); return;
                case ".stl": AtomicFile.Write(path, s => StlFormat.Write(new CancellableWriteStream(s, cancellationToken), mesh)); return;
            }
        }
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

    private static byte[] ReadAllBytes(string path, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var data = new byte[file.Length];
        var done = 0;
        while (done < data.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = file.Read(data, done, Math.Min(1 << 20, data.Length - done));
            if (n == 0) { break; }
            done += n;
        }
        return done == data.Length ? data : data[..done];
    }

    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
}
