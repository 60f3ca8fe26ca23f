using System.Text.Json;
using Tessera.Core.Imaging;
using Tessera.Imaging;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests.Areas.Dense;

public sealed class SegmentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-segment-").FullName;

    private static string Models(params string[] parts) => SharedFixtures.Get(["models", .. parts]);

    private static string[] Common(params string[] rest) =>
    [
        "segment", "--clip", Models("clip", "clip_tiny.safetensors"), "--text-heads", "4",
        "--weights", Models("clipseg", "clipseg_rd16_plain.safetensors"), "--vocab", Models("clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"), .. rest,
    ];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Segment_OneImageTextPrompt_WritesBinaryMaskAndOverlayOfTheImageSize()
    {
        var mask = Path.Combine(_dir, "mask.png");
        var overlay = Path.Combine(_dir, "overlay.png");
        var (code, output) = CliRunner.Run(Common("--image", Models("clipseg", "preprocess_raw.png"), "--prompt", "a cat", "--out", mask, "--overlay", overlay));

        Assert.True(code == 0, output);
        using var source = ImageFile.Read(Models("clipseg", "preprocess_raw.png"));
        using var m = ImageFile.Read(mask);
        using var o = ImageFile.Read(overlay);
        Assert.Equal((source.Height, source.Width), (m.Height, m.Width));
        Assert.Equal((source.Height, source.Width, 3), (o.Height, o.Width, o.Channels));
        Assert.All(m.Pixels<byte>().ToArray(), v => Assert.True(v is 0 or 255));
    }

    [Fact]
    public void Segment_FolderOf100ImagesWithOnePrompt_RunsTheTextTowerOnceAndWritesAMaskPerImage()
    {
        var images = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        for (var i = 0; i < 100; i++)
        {
            File.Copy(i % 2 == 0 ? Models("clipseg", "preprocess_raw.png") : Models("clip", "preprocess_portrait_151x101.png"), Path.Combine(images, $"{i:D3}.png"));
        }
        var outDir = Path.Combine(_dir, "masks");
        var (code, stdout, stderr) = CliRunner.Run(Common("--images", images, "--prompt", "a cat", "--out", outDir, "--soft", "--batch", "8", "--json"));

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("prompt_encodings").GetInt32());
        // Counted where the prompts enter CLIP's text tower (ClipSegModel.TextConditional), not by the command.
        Assert.Equal(1, doc.RootElement.GetProperty("text_tower_prompts").GetInt32());
        Assert.Equal(100, doc.RootElement.GetProperty("images").GetArrayLength());
        Assert.Equal(100, Directory.GetFiles(outDir, "*.png").Length);
    }

    [Fact]
    public void Segment_ExampleImageAndMask_WritesAMask()
    {
        var exampleMask = Path.Combine(_dir, "example-mask.png");
        using (var source = ImageFile.Read(Models("clipseg", "preprocess_raw.png")))
        using (var m = Image.CreateGray(source.Height, source.Width, PixelType.UInt8))
        {
            m.Pixels<byte>()[..(source.Width * (source.Height / 2))].Fill(255);
            ImageFile.Write(exampleMask, m);
        }
        var mask = Path.Combine(_dir, "mask.png");
        var (code, output) = CliRunner.Run(Common("--image", Models("clip", "preprocess_portrait_151x101.png"), "--example", Models("clipseg", "preprocess_raw.png"),
            "--example-mask", exampleMask, "--out", mask));

        Assert.True(code == 0, output);
        Assert.True(File.Exists(mask));
    }

    [Fact]
    public void Segment_PromptAndExampleTogether_ExitCode2()
    {
        var (code, output) = CliRunner.Run(Common("--image", Models("clipseg", "preprocess_raw.png"), "--prompt", "a cat", "--example", "x.png",
            "--example-mask", "y.png", "--out", Path.Combine(_dir, "m.png")));
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--prompt", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_MissingImage_ExitCode2NamesTheOption()
    {
        var (code, output) = CliRunner.Run(Common("--image", "/no/such.png", "--prompt", "a cat", "--out", Path.Combine(_dir, "m.png")));
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--image", output, StringComparison.Ordinal);
    }
}
