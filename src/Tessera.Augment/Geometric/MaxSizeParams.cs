namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="LongestMaxSize"/> and <see cref="SmallestMaxSize"/>: the chosen target size.</summary>
/// <param name="MaxSize">Target length of the longest (or smallest) side.</param>
public sealed record MaxSizeParams(int MaxSize);
