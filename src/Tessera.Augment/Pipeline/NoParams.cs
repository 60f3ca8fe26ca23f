namespace Tessera.Augment.Pipeline;

/// <summary>The parameters of a transform that draws nothing (serialized as <c>{}</c>).</summary>
public sealed record NoParams
{
    /// <summary>The single instance.</summary>
    public static NoParams Instance { get; } = new();
}
