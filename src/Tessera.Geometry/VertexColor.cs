namespace Tessera.Geometry;

/// <summary>An 8-bit RGBA vertex colour (PLY <c>red green blue alpha</c>).</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
/// <param name="A">Alpha (255 = opaque).</param>
public readonly record struct VertexColor(byte R, byte G, byte B, byte A = 255);
