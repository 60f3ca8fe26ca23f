namespace Tessera.Augment.Tests;

/// <summary>Tests of process-wide state (kept threads, the garbage collector's queues) run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    /// <summary>The collection's name.</summary>
    public const string Name = "runs alone";
}
