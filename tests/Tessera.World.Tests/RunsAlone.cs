namespace Tessera.World.Tests;

/// <summary>Test classes in this collection run with no other test running in the process (libtorch settings such as the
/// thread count are process-wide).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    /// <summary>The collection's name.</summary>
    public const string Name = "runs alone";
}
