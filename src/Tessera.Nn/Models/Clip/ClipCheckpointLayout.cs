namespace Tessera.Nn.Models.Clip;

/// <summary>Key layouts of CLIP checkpoints.</summary>
public enum ClipCheckpointLayout
{
    /// <summary>No known CLIP layout.</summary>
    Unknown,

    /// <summary>OpenAI's <c>clip.model.CLIP</c> names (also the layout of its TorchScript releases).</summary>
    OpenAi,

    /// <summary>Hugging Face <c>transformers.CLIPModel</c> names (<c>vision_model.encoder.layers.N…</c>).</summary>
    HuggingFace,
}
