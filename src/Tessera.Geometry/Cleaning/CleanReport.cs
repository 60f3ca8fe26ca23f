namespace Tessera.Geometry.Cleaning;

/// <summary>What <see cref="MeshCleaner.Clean"/> changed.</summary>
/// <param name="WeldedVertices">Vertices replaced by an earlier vertex.</param>
/// <param name="IndexDegenerateFaces">Faces dropped because two corners became the same vertex.</param>
/// <param name="ZeroAreaFaces">Faces dropped for (near) zero area.</param>
/// <param name="DuplicateFaces">Faces dropped as duplicates.</param>
/// <param name="UnreferencedVertices">Vertices dropped because no face used them.</param>
/// <param name="FlippedFaces">Faces whose orientation was reversed.</param>
public sealed record CleanReport(int WeldedVertices, int IndexDegenerateFaces, int ZeroAreaFaces, int DuplicateFaces,
    int UnreferencedVertices, int FlippedFaces);
