namespace Tessera.Prompting.Pixel;

/// <summary>Where a patch prompt goes: its top-left pixel (<paramref name="Row"/> indexes H, <paramref name="Col"/> indexes W).</summary>
/// <param name="Row">First row of the patch.</param>
/// <param name="Col">First column of the patch.</param>
public readonly record struct PatchLocation(int Row, int Col);
