using Tessera.Geometry.IO;

namespace Tessera.Geometry.Tests.IO;

public class MeshFileCancellationTests
{
    [Theory]
    [InlineData(".obj")]
    [InlineData(".ply")]
    [InlineData(".stl")]
    public void Write_Cancelled_LeavesNoOutputAndNoTemporaryFile(string ext)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-cancel-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var mesh = MeshGenerators.Torus(64, 32);
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => MeshFile.Write(Path.Combine(dir, "out" + ext), mesh, cts.Token));
            Assert.Empty(Directory.GetFileSystemEntries(dir));
            // the same call without cancellation writes a file that reads back
            MeshFile.Write(Path.Combine(dir, "out" + ext), mesh, CancellationToken.None);
            Assert.Equal(mesh.FaceCount, MeshFile.Read(Path.Combine(dir, "out" + ext), new CancellationTokenSource().Token).FaceCount);
            cts.Dispose();
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => MeshFile.Read(Path.Combine(dir, "out" + ext), cancelled.Token));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
