using Tessera.Core.Imaging;
using Tessera.Imaging;

namespace Tessera.Cli.Tests.Areas.Diffusion;

public sealed class DiffusionDemoSectionTests
{
    [Fact]
    public void Demo_DiffusionSection_SamplesDrawsTheDenoisingStripAndSegmentsAWorldScene()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("tessera-demo-diffusion").FullName, "demo");
        var (code, output) = CliRunner.Run("demo", "--out", dir, "--section", "diffusion");
        Assert.True(code == 0, output);
        var html = File.ReadAllText(Path.Combine(dir, "index.html"));
        Assert.Contains("Diffusion: digits sampled", html, StringComparison.Ordinal);
        using var grid = ImageFile.Read(Path.Combine(dir, "diffusion", "samples.png"));
        Assert.Equal((2 + (2 * 34), 2 + (8 * 34)), (grid.Height, grid.Width)); // 2 rows × 8 columns of 32² digits, 2-pixel gaps
        using var strip = ImageFile.Read(Path.Combine(dir, "diffusion", "denoising.png"));
        Assert.Equal(2 + (10 * 34), strip.Width); // x_t at steps 0, 3, …, 24 (9 frames) and x_0
        var pixels = grid.Pixels<byte>().ToArray();
        Assert.True(pixels.Distinct().Count() > 16, "the sample grid is flat");

        // DDPM-segmentation panel: image, ground truth, prediction, uncertainty, each 32² enlarged ×4, 2-pixel gaps
        Assert.Contains("DDPM-segmentation of a held-out", html, StringComparison.Ordinal);
        using var panel = ImageFile.Read(Path.Combine(dir, "diffusion", "ddpm-seg.png"));
        Assert.Equal((128 + 4, 2 + (4 * 130)), (panel.Height, panel.Width));
        var rgb = panel.Pixels<byte>();
        var truth = Tile(rgb, panel.Width, 1);
        var predicted = Tile(rgb, panel.Width, 2);
        var agreement = truth.Zip(predicted).Count(p => p.First == p.Second) / (double)truth.Length;
        Assert.True(agreement > 0.5, $"prediction agrees with the ground truth on {agreement:P0} of the panel pixels");
        Assert.True(predicted.Distinct().Count() >= 2, "the prediction is one flat colour (no shape found)");
        Assert.True(Tile(rgb, panel.Width, 3).Distinct().Count() >= 2, "the uncertainty map is flat");
        var accuracy = System.Text.RegularExpressions.Regex.Match(html, @"pixel accuracy ([0-9.]+)\s?%");
        Assert.True(accuracy.Success, "the caption states the pixel accuracy");
        Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
    }

    /// <summary>The RGB triples (packed) of tile k of a 4-tile strip.</summary>
    private static int[] Tile(ReadOnlySpan<byte> rgb, int width, int k)
    {
        var tile = new int[128 * 128];
        for (var y = 0; y < 128; y++)
        {
            for (var x = 0; x < 128; x++)
            {
                var i = (((y + 2) * width) + 2 + (k * 130) + x) * 3;
                tile[(y * 128) + x] = (rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2];
            }
        }
        return tile;
    }
}
