using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Tests.Pipeline;

public class SampleOwnershipTests
{
    [Fact]
    public void Dispose_SampleBuiltByCaller_LeavesCallerImagesUsable()
    {
        using var image = Image.FromPixels<byte>([1, 2, 3, 4, 5, 6], 1, 2, 3);
        using var mask = Image.FromPixels<byte>([0, 1], 1, 2, 1, keep2D: true);
        var sample = new Sample { Image = image, Mask = mask };
        sample.Dispose();
        Assert.Equal(6, image.Bytes[5]);
        Assert.Equal(1, mask.Bytes[1]);
    }

    [Fact]
    public void Dispose_PipelineOutput_GivesItsImagesBack()
    {
        using var image = Image.FromPixels<byte>([1, 2, 3, 4, 5, 6], 1, 2, 3);
        var output = new Compose([new HorizontalFlip(p: 1)]).Apply(new Sample { Image = image }, new SeededRandom(1));
        Assert.Equal(1, output.Image.Bytes[3]);
        output.Dispose();
        Assert.Throws<ObjectDisposedException>(() => output.Image.Bytes[0]);
        Assert.Equal(1, image.Bytes[0]);
    }
}
