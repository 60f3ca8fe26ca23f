using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

public class ClipTokenizeCommandTests
{
    private static string Vocab => SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz");

    [Fact]
    public void ClipTokenize_TwoTexts_PrintsOneRowOfIdsEach()
    {
        var (code, output) = CliRunner.Run("clip", "tokenize", "--vocab", Vocab, "a photo of a cat", "");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["49406 320 1125 539 320 2368 49407", "49406 49407"], lines);
    }

    [Fact]
    public void ClipTokenize_TooLongWithoutTruncate_ExitCode2NamesText()
    {
        var text = string.Concat(Enumerable.Repeat("cat ", 80));
        var (code, output) = CliRunner.Run("clip", "tokenize", "--vocab", Vocab, text);
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("text:", output, StringComparison.Ordinal);
        Assert.Contains("too long for context length 77", output, StringComparison.Ordinal);

        var (truncatedCode, truncated) = CliRunner.Run("clip", "tokenize", "--vocab", Vocab, text, "--truncate");
        Assert.Equal(0, truncatedCode);
        Assert.Equal(77, truncated.Trim().Split(' ').Length);
    }

    [Fact]
    public void ClipTokenize_MissingVocab_ExitCode2OneLine()
    {
        var (code, output) = CliRunner.Run("clip", "tokenize", "--vocab", "/no/such/vocab.gz", "a");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
