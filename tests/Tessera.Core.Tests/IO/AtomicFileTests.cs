using Tessera.Core.IO;

namespace Tessera.Core.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void Write_CallbackThrows_LeavesOldContentAndNoTempFiles()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-atomic").FullName;
        var path = Path.Combine(dir, "a.txt");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("partial"u8);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void WriteAllBytes_MissingFolder_CreatesIt()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("tessera-atomic").FullName, "x", "y");
        var path = Path.Combine(dir, "b.bin");
        AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_ConcurrentWriters_FileIsOneCompleteVersion()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tessera-atomic").FullName, "c.txt");
        Parallel.For(0, 16, i => AtomicFile.WriteAllText(path, new string((char)('a' + i), 10000)));
        var text = File.ReadAllText(path);
        Assert.Equal(10000, text.Length);
        Assert.All(text, c => Assert.Equal(text[0], c));
    }
}
