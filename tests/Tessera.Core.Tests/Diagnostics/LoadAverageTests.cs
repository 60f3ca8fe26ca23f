using System.Globalization;
using Tessera.Core.Diagnostics;

namespace Tessera.Core.Tests.Diagnostics;

public sealed class LoadAverageTests
{
    [Fact]
    public void OnLinux_ThreeNonNegativeNumbers_AndTheFirstIsTheOneMinuteFigure()
    {
        if (!File.Exists("/proc/loadavg"))
        {
            Assert.Null(LoadAverage.Read());
            Assert.Null(LoadAverage.OneMinuteValue());
            return;
        }
        var parts = LoadAverage.Read()!.Split(' ');
        Assert.Equal(3, parts.Length);
        Assert.All(parts, p => Assert.True(double.Parse(p, CultureInfo.InvariantCulture) >= 0));
        // each call reads the file afresh (it changes every 5 s), so only the forms are compared
        Assert.Matches(@"^\d+\.\d+$", LoadAverage.OneMinute()!);
        Assert.True(LoadAverage.OneMinuteValue() >= 0);
    }
}
