using Tessera.Core.Imaging;
using Tessera.Imaging;

namespace Tessera.Cli.Tests.Areas.Diffusion;

public sealed class DiffusionDemoSectionTests
{
    [Fact]
    public void Demo_DiffusionSection_SamplesTheShippedModelAndDrawsTheDenoisingStrip()
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
        Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
    }
}
