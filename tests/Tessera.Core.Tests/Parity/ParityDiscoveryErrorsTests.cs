using Tessera.Core.Errors;
using Tessera.Core.Parity;

namespace Tessera.Core.Tests.Parity;

public class ParityDiscoveryErrorsTests
{
    [Fact]
    public void Run_MalformedIndex_RowNamesTheFile_EmptyFolder_SaysNothingFound()
    {
        var root = Path.Combine(Path.GetTempPath(), $"tessera-parity-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "broken"));
        File.WriteAllText(Path.Combine(root, "broken", "index.json"), "{\"cases\": [");
        try
        {
            var rows = ParityRunner.Run(new ParityCatalog([]), root);
            var row = Assert.Single(rows);
            Assert.Equal(ParityStatus.Fail, row.Status);
            Assert.Contains(Path.Combine(root, "broken", "index.json") + ": malformed JSON", row.Message, StringComparison.Ordinal);
            Directory.Delete(Path.Combine(root, "broken"), true);
            var e = Assert.Throws<TesseraArgumentException>(() => ParityRunner.Run(new ParityCatalog([]), root));
            Assert.Contains("nothing found", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
