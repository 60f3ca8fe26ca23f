namespace Tessera.Nn.Layers;

/// <summary>MLP activations used by the backbones.</summary>
public enum Activation
{
    /// <summary>Exact GELU (erf), timm's and Hugging Face's default.</summary>
    Gelu,

    /// <summary>OpenAI CLIP's QuickGELU: <c>x · sigmoid(1.702 x)</c>.</summary>
    QuickGelu,
}
