using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>
/// Segments images by a prompt with a loaded <see cref="ClipSegModel"/>: encodes a text prompt or an example image +
/// mask once (<see cref="EncodeText"/>, <see cref="EncodeExample"/>), then segments any number of images in batches
/// with that vector (<see cref="Segment"/>), returning per-pixel probabilities at each image's own size.
/// </summary>
/// <remarks>Images are resized to <see cref="Size"/> × <see cref="Size"/> (the Quickstart's 352 for ViT-B/16, or CLIP's
/// native resolution), ImageNet-normalised; logits are resized back bilinearly and passed through the sigmoid.</remarks>
public sealed class ClipSegSegmenter
{
    private readonly ClipSegModel _model;
    private readonly ClipTokenizer? _tokenizer;

    /// <summary>Creates the segmenter.</summary>
    /// <param name="model">The model (not owned).</param>
    /// <param name="tokenizer">CLIP's tokenizer (needed for text prompts).</param>
    /// <param name="size">Input side; a multiple of the patch size.</param>
    /// <exception cref="TesseraArgumentException">The size is not a positive multiple of the patch size.</exception>
    public ClipSegSegmenter(ClipSegModel model, ClipTokenizer? tokenizer, int size)
    {
        ArgumentNullException.ThrowIfNull(model);
        var patch = model.Clip.Config.VisionPatchSize;
        Guard.That(size > 0 && size % patch == 0, nameof(size), $"must be a positive multiple of the patch size {patch} (got {size})");
        _model = model;
        _tokenizer = tokenizer;
        Size = size;
    }

    /// <summary>Input side.</summary>
    public int Size { get; }

    /// <summary>How many prompts have been encoded (text or example): a folder segmented with one prompt encodes it once.</summary>
    public int PromptEncodings { get; private set; }

    /// <summary>The conditional vector <c>[1, E]</c> of a text prompt (<paramref name="template"/>'s <c>{}</c> replaced by it).</summary>
    /// <param name="prompt">The phrase.</param>
    /// <param name="template">Template, e.g. <c>{}</c> (as the fixtures' raw strings) or <c>a photo of a {}.</c>.</param>
    /// <returns>Caller-owned vector.</returns>
    /// <exception cref="TesseraArgumentException">No tokenizer was given, or the prompt is empty.</exception>
    public Tensor EncodeText(string prompt, string template = "{}")
    {
        ArgumentNullException.ThrowIfNull(prompt);
        Guard.That(_tokenizer is not null, nameof(prompt), "needs a CLIP tokenizer (vocabulary) to encode text");
        Guard.That(prompt.Trim().Length > 0, nameof(prompt), "must not be empty");
        using var noGrad = torch.no_grad();
        PromptEncodings++;
        return _model.TextConditional(_tokenizer, [ClipSegPrompts.Apply(template, prompt)]);
    }

    /// <summary>The conditional vector <c>[1, E]</c> of an example image and its mask after visual prompt engineering
    /// (default: the training recipe, blur 3 + crop with context 0.1 + background 10 %).</summary>
    /// <param name="example">8-bit RGB example image.</param>
    /// <param name="mask">Mask of the object: 8-bit, 1 or 3 channels, the same size; nonzero = object.</param>
    /// <param name="options">Recipe; null = <c>crop_blur_highlight</c> at <see cref="Size"/>.</param>
    /// <returns>Caller-owned vector.</returns>
    /// <exception cref="TesseraArgumentException">Sizes or types do not match.</exception>
    public Tensor EncodeExample(Image example, Image mask, VisualPromptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(mask);
        Guard.That(mask.Height == example.Height && mask.Width == example.Width, nameof(mask),
            $"must be {example.Height}×{example.Width} like the example image, got {mask.Height}×{mask.Width}");
        Guard.That(mask.PixelType == PixelType.UInt8, nameof(mask), $"must be 8-bit, got {mask}");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var image = ClipSegPreprocess.ToTensor(example, Size);
        var m = ImageTensors.ImageToChwFloat(mask, 1f).select(0, 0).gt(0).to(ScalarType.Float32);
        var resized = nn.functional.interpolate(m.unsqueeze(0).unsqueeze(0), [Size, Size], mode: InterpolationMode.Nearest).squeeze(0).squeeze(0);
        var prompt = VisualPromptEngineering.Apply(image, resized, options ?? VisualPromptOptions.ForMode("crop_blur_highlight", Size));
        PromptEncodings++;
        return _model.VisualConditional(prompt.unsqueeze(0)).MoveToOuterDisposeScope();
    }

    /// <summary>Segments images with one conditional vector, <paramref name="batchSize"/> at a time.</summary>
    /// <param name="images">8-bit RGB images (any sizes).</param>
    /// <param name="conditional">Vector <c>[1, E]</c> from <see cref="EncodeText"/> or <see cref="EncodeExample"/>.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>Per image a float32 <c>[H, W]</c> probability map at its own size.</returns>
    public IReadOnlyList<NdArray> Segment(IReadOnlyList<Image> images, Tensor conditional, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(conditional);
        Guard.Positive(batchSize);
        var results = new List<NdArray>(images.Count);
        using var noGrad = torch.no_grad();
        for (var start = 0; start < images.Count; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var batch = images.Skip(start).Take(batchSize).ToList();
            var input = torch.stack(batch.Select(i => ClipSegPreprocess.ToTensor(i, Size)).ToList());
            var logits = _model.Predict(input, conditional);
            for (var i = 0; i < batch.Count; i++)
            {
                var one = nn.functional.interpolate(logits.narrow(0, i, 1), [batch[i].Height, batch[i].Width], mode: InterpolationMode.Bilinear, align_corners: false);
                results.Add(ImageTensors.ToNdArray(torch.sigmoid(one).reshape(batch[i].Height, batch[i].Width).contiguous()));
            }
        }
        return results;
    }
}
