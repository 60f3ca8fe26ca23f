namespace Tessera.Geometry.Triangulation;

/// <summary>Why a low-level triangulation step failed (turned into typed exceptions by the public entry points).</summary>
internal enum TriangulationFailure
{
    /// <summary>No failure.</summary>
    None,

    /// <summary>Fewer than three distinct vertices or zero area.</summary>
    Degenerate,

    /// <summary>Two sides intersect or touch.</summary>
    SelfIntersecting,

    /// <summary>A hole is not inside the outer ring.</summary>
    HoleOutside,

    /// <summary>No ear was found (numerically inconsistent input).</summary>
    NoEar,
}
