using Tessera.Augment.Common;

namespace Tessera.Augment.Tests.Common;

public class NumpyRandomStateTests
{
    [Fact]
    public void RandomSample_Seed0_MatchesNumpy()
    {
        // numpy.random.RandomState(0).random_sample(3)
        var rs = new NumpyRandomState(0);
        Assert.Equal(0.5488135039273248, rs.RandomSample(), 15);
        Assert.Equal(0.7151893663724195, rs.RandomSample(), 15);
        Assert.Equal(0.6027633760716439, rs.RandomSample(), 15);
    }

    [Fact]
    public void Uniform_Seed42_MatchesNumpy()
    {
        // numpy.random.RandomState(42).uniform(-1, 1) == 2 * 0.3745401188473625 - 1
        var rs = new NumpyRandomState(42);
        Assert.Equal((2 * 0.3745401188473625) - 1, rs.Uniform(-1, 1), 14);
    }
}
