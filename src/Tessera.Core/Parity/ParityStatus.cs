namespace Tessera.Core.Parity;

/// <summary>Outcome of one reference case.</summary>
public enum ParityStatus
{
    /// <summary>Within tolerance.</summary>
    Pass,
    /// <summary>Outside tolerance, or the case threw.</summary>
    Fail,
    /// <summary>No handler understands this fixture format yet (counts as failure when selected).</summary>
    Unsupported,
}
