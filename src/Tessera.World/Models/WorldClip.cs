using Tessera.Core.Arrays;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.World.Models;

/// <summary>The tiny world CLIP with its tokenizer. Disposing disposes the model.</summary>
public sealed class WorldClip : IDisposable
{
    internal WorldClip(ClipModel model, ClipTokenizer tokenizer)
    {
        Model = model;
        Tokenizer = tokenizer;
    }

    /// <summary>The model (eval mode after loading).</summary>
    public ClipModel Model { get; }

    /// <summary>CLIP's BPE tokenizer on the compact vocabulary.</summary>
    public ClipTokenizer Tokenizer { get; }

    /// <summary>Token ids <c>[T, context]</c> (int64) of texts, truncated to the model's context length.</summary>
    /// <param name="texts">Texts.</param>
    /// <returns>A new tensor.</returns>
    public Tensor Tokenize(IReadOnlyList<string> texts)
    {
        NdArray ids = Tokenizer.Tokenize(texts, Model.Config.ContextLength, truncate: true);
        return ImageTensors.ToTensor(ids);
    }

    /// <summary>L2-normalised text features <c>[T, embed]</c> (no gradient).</summary>
    /// <param name="texts">Texts.</param>
    /// <returns>A new tensor.</returns>
    public Tensor EncodeTexts(IReadOnlyList<string> texts)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var f = Model.EncodeText(Tokenize(texts));
        return (f / f.norm(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>L2-normalised image features <c>[B, embed]</c> of normalised images (no gradient).</summary>
    /// <param name="images">Images <c>[B, 3, 32, 32]</c> normalised with the CLIP mean/std.</param>
    /// <returns>A new tensor.</returns>
    public Tensor EncodeImages(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var f = Model.EncodeImage(images);
        return (f / f.norm(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}
