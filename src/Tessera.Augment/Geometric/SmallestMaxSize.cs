using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Rescales so the smallest side equals <c>max_size</c> (albumentations <c>SmallestMaxSize</c>).</summary>
public sealed class SmallestMaxSize : MaxSizeBase
{
    /// <summary>Creates the transform.</summary>
    /// <param name="maxSize">Target smallest side (one value, or candidates).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public SmallestMaxSize(IReadOnlyList<int>? maxSize = null, Interpolation interpolation = Interpolation.Linear, double p = 1, bool alwaysApply = false)
        : base(maxSize ?? [1024], interpolation, p, alwaysApply, Math.Min) { }

    /// <inheritdoc />
    public override string Name => "SmallestMaxSize";
}
