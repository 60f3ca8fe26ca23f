namespace Tessera.Geometry;

/// <summary>Cancellation checks inside per-element loops over millions of elements, cheap enough for every iteration.</summary>
internal static class CancellationPoll
{
    /// <summary>Throws <see cref="OperationCanceledException"/> when cancellation was requested, looking once every 65,536 indices.</summary>
    /// <param name="index">The loop index.</param>
    /// <param name="cancellationToken">The token.</param>
    public static void Every(int index, CancellationToken cancellationToken)
    {
        if ((index & 0xFFFF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
