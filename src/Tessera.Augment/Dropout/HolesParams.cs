namespace Tessera.Augment.Dropout;

/// <summary>Rectangular holes [x1, y1, x2, y2] (exclusive max) drawn by the dropout transforms.</summary>
/// <param name="Holes">The holes.</param>
public sealed record HolesParams(int[][] Holes);
