using System.Globalization;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

public class ClipClassifyCommandTests
{
    private static string Models(params string[] parts) => SharedFixtures.Get(["models", .. parts]);

    [Fact]
    public void ClipClassify_TinyFixtureModel_PrintsOneRowPerLabelSummingToOne()
    {
        var (code, output) = CliRunner.Run("clip", "classify", "--weights", Models("clip", "clip_tiny.safetensors"),
            "--image", Models("clip", "preprocess_portrait_151x101.png"), "--labels", "a cat,a dog,a cup of coffee",
            "--vocab", Models("clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"), "--text-heads", "4");

        Assert.Equal(0, code);
        var rows = output.Split('\n').Where(l => l.Contains("a cat", StringComparison.Ordinal) || l.Contains("a dog", StringComparison.Ordinal)
                                                 || l.Contains("a cup of coffee", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        var sum = rows.Sum(r => double.Parse(r.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1], CultureInfo.InvariantCulture));
        Assert.InRange(sum, 0.998, 1.002);
    }

    [Fact]
    public void ClipClassify_TorchScriptAndStateDictFiles_GiveTheSameTable()
    {
        string[] Args(string weights) => ["clip", "classify", "--weights", weights, "--image", Models("clip", "preprocess_upsample_45x37.png"),
            "--labels", "a,b", "--vocab", Models("clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"), "--text-heads", "4"];

        var (c1, jit) = CliRunner.Run(Args(Models("clip_formats", "clip_tiny_jit.pt")));
        var (c2, pickle) = CliRunner.Run(Args(Models("clip_formats", "clip_tiny_state_dict.pt")));

        Assert.Equal((0, 0), (c1, c2));
        Assert.Equal(jit, pickle);
    }

    [Fact]
    public void ClipClassify_FolderWithoutVocab_ExitCode2NamesVocab()
    {
        var (code, output) = CliRunner.Run("clip", "classify", "--weights", Models("clip"), "--image", Models("clip", "preprocess_upsample_45x37.png"),
            "--labels", "a,b");

        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--vocab", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ClipClassify_TinyWithoutTextHeads_ExitCode2NamesTheOption()
    {
        // the fixture's text width 32 is not a multiple of 64: the head count is open and must be given, never guessed
        var (code, output) = CliRunner.Run("clip", "classify", "--weights", Models("clip", "clip_tiny.safetensors"),
            "--image", Models("clip", "preprocess_upsample_45x37.png"), "--labels", "a,b", "--vocab", Models("clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"));

        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("error: --text-heads:", output, StringComparison.Ordinal);
        Assert.Contains("pass --text-heads", output, StringComparison.Ordinal);
        Assert.DoesNotContain("transformerHeads", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ClipClassify_MissingImage_ExitCode2()
    {
        var (code, _) = CliRunner.Run("clip", "classify", "--weights", Models("clip", "clip_tiny.safetensors"), "--image", "/no/such.png",
            "--labels", "a", "--vocab", Models("clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"));
        Assert.Equal(TesseraApp.BadInputExitCode, code);
    }
}
