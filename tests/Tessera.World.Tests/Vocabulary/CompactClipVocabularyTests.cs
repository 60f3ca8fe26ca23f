using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.World.Pretraining;
using Tessera.World.Vocabulary;

namespace Tessera.World.Tests.Vocabulary;

public class CompactClipVocabularyTests
{
    [Fact]
    public void Write_WorldWords_TokenizeLikeClipWithASmallVocabulary()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-vocab-").FullName;
        var again = Directory.CreateTempSubdirectory("tessera-vocab2-").FullName;
        try
        {
            string[] texts = ["a small striped red triangle left of the ring", "a large cyan hexagon and a pink star on a checkered background", .. WorldTexts.Words];
            var size = CompactClipVocabulary.Write(ShippedModels.ClipVocabulary, texts, dir);
            Assert.InRange(size, 514, 1000);
            var full = ClipTokenizer.FromFile(ShippedModels.ClipVocabulary);
            var compact = ClipTokenizer.FromFile(dir);
            Assert.Equal(size - 1, compact.EndOfTextId);
            foreach (var t in texts)
            {
                Assert.Equal(full.IdsToTokens(full.Encode(t)), compact.IdsToTokens(compact.Encode(t)));
            }
            // Unknown words still tokenize (byte symbols), into more pieces.
            Assert.True(compact.Encode("zebra").Count >= full.Encode("zebra").Count);
            // The compact folder is a valid source for the same texts and reproduces itself.
            Assert.Equal(size, CompactClipVocabulary.Write(dir, texts, again));
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "vocab.json")), File.ReadAllText(Path.Combine(again, "vocab.json")));
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "merges.txt")), File.ReadAllText(Path.Combine(again, "merges.txt")));
        }
        finally
        {
            Directory.Delete(dir, true);
            Directory.Delete(again, true);
        }
    }

    [Fact]
    public void Write_MissingSourceOrNonAsciiWord_Throws()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tessera-vocab-" + Guid.NewGuid().ToString("N"));
        Assert.Throws<FileNotFoundException>(() => CompactClipVocabulary.Write("/nonexistent/bpe.txt.gz", ["a"], dir));
        Assert.Throws<TesseraArgumentException>(() => CompactClipVocabulary.Write(ShippedModels.ClipVocabulary, ["ein grünes quadrat"], dir));
    }
}
