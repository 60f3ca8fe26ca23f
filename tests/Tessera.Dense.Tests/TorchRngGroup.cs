namespace Tessera.Dense.Tests;

/// <summary>Tests that seed torch's global generator and train never run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRngGroup
{
    public const string Name = "torch global RNG";
}
