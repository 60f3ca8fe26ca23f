namespace Tessera.Prompting.Coop;

/// <summary>Where the class-name tokens go among the learned context (CoOp <c>CLASS_TOKEN_POSITION</c>).</summary>
public enum ClassTokenPosition
{
    /// <summary><c>end</c>: <c>[SOT, ctx, class, ., EOT]</c>.</summary>
    End,

    /// <summary><c>middle</c>: <c>[SOT, ctx[:M/2], class, ctx[M/2:], ., EOT]</c>.</summary>
    Middle,

    /// <summary><c>front</c>: <c>[SOT, class, ctx, ., EOT]</c>.</summary>
    Front,
}
