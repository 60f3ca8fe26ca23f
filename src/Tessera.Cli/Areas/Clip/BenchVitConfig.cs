using Tessera.Core.Errors;
using Tessera.Nn.Models.Vit;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary>Hyper-parameters of the benchmark's ViT (timm's <c>VisionTransformer</c> layout: pre-norm blocks, class token, learned positions).</summary>
/// <param name="Name">Display name.</param>
/// <param name="ImageSize">Square input side in pixels.</param>
/// <param name="PatchSize">Patch side; divides <paramref name="ImageSize"/>.</param>
/// <param name="Width">Embedding width.</param>
/// <param name="Depth">Number of blocks.</param>
/// <param name="Heads">Attention heads; divides <paramref name="Width"/>.</param>
/// <param name="MlpWidth">Hidden width of each block's MLP.</param>
/// <param name="Classes">Classifier outputs.</param>
internal sealed record BenchVitConfig(string Name, int ImageSize, int PatchSize, int Width, int Depth, int Heads, int MlpWidth, int Classes)
{
    /// <summary>timm <c>vit_base_patch16_224</c>: 224 px, 16 px patches, width 768, 12 blocks, 12 heads, MLP 3072, 1000 classes.</summary>
    public static BenchVitConfig B16 { get; } = new("ViT-B/16", 224, 16, 768, 12, 12, 3072, 1000);

    /// <summary>A tiny configuration for tests and the leak check: 32 px, 8 px patches, width 64, 2 blocks, 4 heads.</summary>
    public static BenchVitConfig Tiny { get; } = new("ViT-tiny", 32, 8, 64, 2, 4, 256, 10);

    /// <summary>The same sizes as Tessera.Nn's <see cref="VitConfig"/> (timm defaults otherwise: LayerNorm ε 1e-6, qkv bias, exact GELU).</summary>
    public VitConfig ToVitConfig() => new()
    {
        ImageSize = ImageSize, PatchSize = PatchSize, Width = Width, Depth = Depth, Heads = Heads,
        MlpRatio = (double)MlpWidth / Width, NumClasses = Classes,
    };

    /// <summary>Tokens per image including the class token.</summary>
    public int Tokens => ((ImageSize / PatchSize) * (ImageSize / PatchSize)) + 1;

    /// <summary>Looks a configuration up by name (<c>b16</c> or <c>tiny</c>).</summary>
    /// <exception cref="TesseraArgumentException">The name is neither.</exception>
    public static BenchVitConfig Parse(string name, string paramName) => name.ToUpperInvariant() switch
    {
        "B16" or "VIT-B/16" => B16,
        "TINY" => Tiny,
        _ => throw new TesseraArgumentException(paramName, $"must be 'b16' or 'tiny' (got '{name}')"),
    };
}
