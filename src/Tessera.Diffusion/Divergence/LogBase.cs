namespace Tessera.Diffusion.Divergence;

/// <summary>Unit of an information quantity.</summary>
public enum LogBase
{
    /// <summary>Natural logarithm (nats).</summary>
    Nats,

    /// <summary>Base-2 logarithm (bits).</summary>
    Bits,
}
