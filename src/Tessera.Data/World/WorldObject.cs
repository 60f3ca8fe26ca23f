namespace Tessera.Data.World;

/// <summary>One object of a scene with its attributes and annotations (pixel coordinates, x right, y down).</summary>
/// <param name="InstanceId">Value of this object in the scene's instance mask (1-based, in painting order: later objects are on top).</param>
/// <param name="Shape">The shape.</param>
/// <param name="Color">Colour id (index into <see cref="WorldVocabulary.Colors"/>).</param>
/// <param name="Size">Size class id (index into <see cref="WorldVocabulary.Sizes"/>).</param>
/// <param name="Texture">Fill texture id (index into <see cref="WorldVocabulary.Textures"/>).</param>
/// <param name="CenterX">Centre column.</param>
/// <param name="CenterY">Centre row.</param>
/// <param name="Radius">Outer radius in pixels.</param>
/// <param name="RotationDegrees">Rotation, counter-clockwise in the image, in [0, 360).</param>
/// <param name="Box">Box of the visible pixels: [x, y, width, height] (COCO convention, pixel edges).</param>
/// <param name="Area">Visible pixels.</param>
/// <param name="VisibleFraction">Visible pixels ÷ pixels of the unoccluded shape.</param>
/// <param name="Keypoints">Shape vertices as (x, y, visibility): 2 visible, 1 occluded.</param>
/// <param name="Outline">The unoccluded outline polygon as x, y pairs (a 32-gon for circles; the outer circle for rings).</param>
public sealed record WorldObject(
    int InstanceId, ShapeKind Shape, int Color, int Size, int Texture, double CenterX, double CenterY, double Radius,
    double RotationDegrees, IReadOnlyList<double> Box, int Area, double VisibleFraction,
    IReadOnlyList<(double X, double Y, int Visibility)> Keypoints, IReadOnlyList<double> Outline)
{
    /// <summary>Shape name, e.g. "triangle".</summary>
    public string ShapeName => WorldVocabulary.Shapes[(int)Shape];

    /// <summary>Colour name, e.g. "red".</summary>
    public string ColorName => WorldVocabulary.Colors[Color];

    /// <summary>Size name, e.g. "small".</summary>
    public string SizeName => WorldVocabulary.Sizes[Size];

    /// <summary>Texture name, e.g. "striped".</summary>
    public string TextureName => WorldVocabulary.Textures[Texture];

    /// <summary>Semantic label (shape + 1).</summary>
    public int SemanticLabel => (int)Shape + 1;

    /// <summary>Combined shape-and-colour class <c>shape × 8 + colour</c> (see <see cref="WorldVocabulary.ShapeColorClassName"/>).</summary>
    public int ShapeColorClass => ((int)Shape * WorldVocabulary.Colors.Count) + Color;
}
