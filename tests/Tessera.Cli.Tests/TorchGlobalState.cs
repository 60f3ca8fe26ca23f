namespace Tessera.Cli.Tests;

/// <summary>
/// Tests that seed or draw from torch's process-wide generator run in this collection, one at a time and after
/// the parallel ones, so another test's <c>torch.manual_seed</c> cannot change their weights mid-run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalState
{
    public const string Name = "torch global generator";
}
