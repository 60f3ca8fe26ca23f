namespace Tessera.Core.Parity;

/// <summary>One reference case: a name and the check that produces its outcome.</summary>
/// <param name="Name">Case name, unique within its group.</param>
/// <param name="Run">Loads the case's files, runs Tessera and compares; may throw (reported as a failure).</param>
public sealed record ParityCase(string Name, Func<CancellationToken, ParityOutcome> Run);
