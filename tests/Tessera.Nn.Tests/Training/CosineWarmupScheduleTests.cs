using Tessera.Core.Errors;
using Tessera.Nn.Training;
using Xunit;

namespace Tessera.Nn.Tests.Training;

public sealed class CosineWarmupScheduleTests
{
    [Fact]
    public void Factor_WarmupThenCosine_MatchesTransformersFormula()
    {
        var schedule = new CosineWarmupSchedule(warmupSteps: 4, totalSteps: 14);

        Assert.Equal(0.0, schedule.Factor(0));
        Assert.Equal(0.5, schedule.Factor(2));
        Assert.Equal(1.0, schedule.Factor(4));
        Assert.Equal(0.5, schedule.Factor(9), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 0.3)), schedule.Factor(7), 12);
        Assert.Equal(0.0, schedule.Factor(14), 12);
        Assert.Equal(0.0, schedule.Factor(100), 12);
    }

    [Fact]
    public void Factor_MinFactor_IsTheFloor()
    {
        var schedule = new CosineWarmupSchedule(0, 10, minFactor: 0.2);

        Assert.Equal(1.0, schedule.Factor(0));
        Assert.Equal(0.6, schedule.Factor(5), 12);
        Assert.Equal(0.2, schedule.Factor(10), 12);
        Assert.Equal(0.2, schedule.Factor(50), 12);
    }

    [Fact]
    public void Factor_IsNonIncreasingAfterWarmup()
    {
        var schedule = new CosineWarmupSchedule(3, 50, 0.05);

        for (var s = 4; s < 60; s++)
        {
            Assert.True(schedule.Factor(s) <= schedule.Factor(s - 1));
        }
    }

    [Theory]
    [InlineData(-1, 10, 0.0, "warmupSteps")]
    [InlineData(0, 0, 0.0, "totalSteps")]
    [InlineData(5, 4, 0.0, "totalSteps")]
    [InlineData(0, 10, 1.5, "minFactor")]
    public void Constructor_BadArgument_ThrowsNamingIt(long warmup, long total, double min, string param)
    {
        var ex = Assert.Throws<TesseraArgumentException>(() => new CosineWarmupSchedule(warmup, total, min));

        Assert.Equal(param, ex.ParamName);
    }

    [Fact]
    public void Constant_IsOneEverywhere()
    {
        Assert.All(new long[] { 0, 1, 1000 }, s => Assert.Equal(1.0, ConstantSchedule.Instance.Factor(s)));
    }
}
