using Tessera.Core.IO;

namespace Tessera.Core.Tests.IO;

public class AtomicFileErrorTests
{
    [Fact]
    public void Write_OntoAFolder_ErrorNamesTheOutputNotTheTemporaryFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-atomic-{Guid.NewGuid():N}");
        var target = Path.Combine(dir, "out.png");
        Directory.CreateDirectory(target); // the output path is a folder: the final move fails
        try
        {
            var e = Assert.ThrowsAny<Exception>(() => AtomicFile.WriteAllText(target, "x"));
            Assert.Contains($"cannot write '{target}'", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(".tmp", e.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
