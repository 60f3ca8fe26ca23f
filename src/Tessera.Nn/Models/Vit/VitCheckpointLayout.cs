namespace Tessera.Nn.Models.Vit;

/// <summary>Checkpoint layouts of ViTs.</summary>
public enum VitCheckpointLayout
{
    /// <summary>No known layout.</summary>
    Unknown,

    /// <summary>timm names (<c>blocks.N.attn.qkv.weight</c>).</summary>
    Timm,

    /// <summary>KMnP/vpt (jeonsworld ViT-pytorch) names (<c>transformer.encoder.layer.N.attn.query.weight</c>).</summary>
    Vpt,
}
