using System.Collections.Immutable;

namespace Tessera.Core.Parity;

/// <summary>An explicit, immutable list of parity handlers (no registration by side effect).</summary>
public sealed class ParityCatalog
{
    /// <summary>Creates a catalogue.</summary>
    /// <param name="handlers">Handlers, asked in this order; the first that claims a folder wins.</param>
    public ParityCatalog(IEnumerable<IParityHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        Handlers = [.. handlers];
    }

    /// <summary>The handlers in order.</summary>
    public ImmutableArray<IParityHandler> Handlers { get; }
}
