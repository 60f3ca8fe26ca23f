using System.IO.Compression;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip.Tokenizer;

namespace Tessera.Nn.Tests.Models.Clip.Tokenizer;

public sealed class TruncatedVocabularyTests
{
    [Fact]
    public void FromOpenAiMerges_TruncatedGzip_IsAnErrorNotWrongIds()
    {
        var bytes = File.ReadAllBytes(ClipTokenizerTests.VocabPath);
        var path = Path.Combine(Path.GetTempPath(), $"tessera-vocab-{Guid.NewGuid():N}.txt.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        try
        {
            var e = Assert.Throws<TesseraFormatException>(() => ClipVocabulary.FromOpenAiMerges(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromOpenAiMerges_CompleteGzipOfTooFewLines_SaysTruncated()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-vocab-{Guid.NewGuid():N}.txt.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write("#version: 0.2\ni n\nt h\n"u8);
        }
        try
        {
            var e = Assert.Throws<TesseraFormatException>(() => ClipVocabulary.FromOpenAiMerges(path));
            Assert.Contains("CLIP's vocabulary needs 48895", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
