using Tessera.Core.Errors;
using Tessera.Diffusion.Schedules;

namespace Tessera.Diffusion.Tests.Schedules;

public sealed class ScheduleTests
{
    [Fact]
    public void Cosine_LastBetas_ClippedAtMaxBeta()
    {
        var betas = BetaSchedules.Cosine(1000);

        Assert.Equal(BetaSchedules.MaxBeta, betas[^1]);
        Assert.All(betas, b => Assert.InRange(b, 0, BetaSchedules.MaxBeta));
    }

    [Fact]
    public void Linear_EndpointsScaleWithSteps()
    {
        var betas = BetaSchedules.Linear(4000);

        Assert.Equal(0.25e-4, betas[0], 15);
        Assert.Equal(0.005, betas[^1], 15);
    }

    [Fact]
    public void Schedule_PosteriorLogVariance_ClippedAtStepZero()
    {
        var s = new DiffusionSchedule(BetaSchedules.Linear(100));

        Assert.Equal(0.0, s.PosteriorVariance[0]);
        Assert.Equal(Math.Log(s.PosteriorVariance[1]), s.PosteriorLogVarianceClipped[0]);
    }

    [Fact]
    public void Respace_KeepsCumulativeProducts()
    {
        var s = new DiffusionSchedule(BetaSchedules.Cosine(1000));
        var kept = TimestepSpacing.Parse(1000, "ddim50");

        var r = s.Respace(kept);

        for (var i = 0; i < kept.Length; i++) { Assert.Equal(s.AlphasCumprod[kept[i]], r.AlphasCumprod[i], 12); }
    }

    [Theory]
    [InlineData(1000, "250", 250)]
    [InlineData(1000, "10,10,10", 30)]
    [InlineData(4000, "ddim50", 50)]
    public void Parse_Spec_GivesCount(int steps, string spec, int count)
    {
        var kept = TimestepSpacing.Parse(steps, spec);

        Assert.Equal(count, kept.Length);
        Assert.Equal(0, kept[0]);
        Assert.Equal(kept.Order(), kept);
    }

    [Theory]
    [InlineData("ddimx")]
    [InlineData("10,a")]
    [InlineData("2000")]
    public void Parse_BadSpec_Throws(string spec)
    {
        Assert.Throws<TesseraArgumentException>(() => TimestepSpacing.Parse(1000, spec));
    }

    [Fact]
    public void Schedule_BetaOutOfRange_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new DiffusionSchedule([0.1, 0.0]));

        Assert.Equal("betas", e.ParamName);
    }
}
