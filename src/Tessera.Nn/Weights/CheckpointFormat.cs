namespace Tessera.Nn.Weights;

/// <summary>Weight file formats Tessera reads.</summary>
public enum CheckpointFormat
{
    /// <summary>Hugging Face safetensors: JSON header + raw little-endian tensors.</summary>
    Safetensors,

    /// <summary>A <c>torch.save(state_dict)</c> zip archive (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>) holding a pickled dict of tensors.</summary>
    TorchPickle,

    /// <summary>A TorchScript archive (<c>torch.jit.save</c>), like OpenAI's released CLIP <c>.pt</c> files.</summary>
    TorchScript,
}
