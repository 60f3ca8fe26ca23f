namespace Tessera.Augment.Weather;

/// <summary>One flare circle of <see cref="RandomSunFlare"/>: blend weight, centre, radius and colour.</summary>
/// <param name="Alpha">Blend weight.</param>
/// <param name="X">Centre column.</param>
/// <param name="Y">Centre row.</param>
/// <param name="Radius">Radius in pixels.</param>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public sealed record SunFlareCircle(double Alpha, int X, int Y, int Radius, int R, int G, int B);
