using Tessera.Core.Errors;

namespace Tessera.Data.World;

/// <summary>Settings of a <see cref="ShapesWorld"/>: the domain, the image side and the seed.</summary>
public sealed record WorldOptions
{
    /// <summary>The visual domain (default <see cref="WorldDomains.Clean"/>).</summary>
    public WorldDomain Domain { get; init; } = WorldDomains.Clean;

    /// <summary>Image side in pixels (square images), 32–1024; default 128.</summary>
    public int Size { get; init; } = 128;

    /// <summary>The seed; scene <c>i</c> depends only on (seed, i, domain, size, photos).</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Folder of the scikit-image sample photos for photo backgrounds; null looks in the Debian <c>python3-skimage</c>
    /// location (<c>/usr/lib/python3/dist-packages/skimage/data</c>). When no photo is found, photo backgrounds become
    /// noise backgrounds (<see cref="WorldScene.Background"/> says which).
    /// </summary>
    public string? PhotoDirectory { get; init; }

    /// <summary>Throws unless the settings are valid.</summary>
    /// <exception cref="TesseraArgumentException">The size is out of range or the domain is invalid.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Domain);
        Guard.That(Size is >= 32 and <= 1024, nameof(Size), $"must lie in [32, 1024] (got {Size})");
        Domain.Validate();
    }
}
