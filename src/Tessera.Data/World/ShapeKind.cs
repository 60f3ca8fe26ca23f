namespace Tessera.Data.World;

/// <summary>The shapes of the world. The semantic label of a shape is its value + 1 (0 is background).</summary>
public enum ShapeKind
{
    /// <summary>A filled disc.</summary>
    Circle,

    /// <summary>A filled square.</summary>
    Square,

    /// <summary>A filled equilateral triangle.</summary>
    Triangle,

    /// <summary>A five-pointed star.</summary>
    Star,

    /// <summary>An annulus (inner radius 55 % of the outer).</summary>
    Ring,

    /// <summary>A regular hexagon.</summary>
    Hexagon,

    /// <summary>A plus-shaped cross.</summary>
    Cross,
}
