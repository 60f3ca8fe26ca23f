using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Layers;

/// <summary>
/// Patchify with a convolution (kernel = stride = patch size) and flatten the grid row-major to tokens:
/// <c>[B, 3, H, W]</c> → <c>[B, (H/p)(W/p), C]</c>. Key: <c>proj.weight</c> (and <c>proj.bias</c>).
/// </summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    /// <summary>Creates the layer.</summary>
    /// <param name="patchSize">Patch side p.</param>
    /// <param name="width">Token width C.</param>
    /// <param name="inChannels">Image channels.</param>
    /// <param name="bias">Whether the projection has a bias (timm: yes; CLIP: no).</param>
    /// <exception cref="TesseraArgumentException">A size is not positive.</exception>
    public PatchEmbed(int patchSize, int width, int inChannels = 3, bool bias = true) : base(ModuleBase.Name(nameof(PatchEmbed)))
    {
        Guard.Positive(patchSize);
        Guard.Positive(width);
        Guard.Positive(inChannels);
        PatchSize = patchSize;
        proj = nn.Conv2d(inChannels, width, patchSize, stride: patchSize, bias: bias);
        RegisterComponents();
    }

    /// <summary>Patch side in pixels.</summary>
    public int PatchSize { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Patchify(proj, input);

    /// <summary>Conv → <c>[B, C, h, w]</c> → <c>[B, h·w, C]</c>.</summary>
    internal static Tensor Patchify(Conv2d conv, Tensor images)
    {
        using var grid = conv.forward(images);
        using var flat = grid.flatten(2);
        return flat.transpose(1, 2);
    }
}
