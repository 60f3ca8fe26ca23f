using Tessera.Augment.Pipeline;

namespace Tessera.Augment.Tests.Pipeline;

/// <summary>The kept helper threads are shared by the whole process, so these tests run alone.</summary>
[Collection(RunsAlone.Name)]
public class HelperThreadsTests
{
    private static Thread RunOnce(Action? body = null)
    {
        Thread? ran = null;
        using var done = new CountdownEvent(1);
        HelperThreads.Run(() =>
        {
            ran = Thread.CurrentThread;
            body?.Invoke();
        }, done);
        Assert.True(done.Wait(TimeSpan.FromSeconds(10)), "the job did not finish");
        return ran!;
    }

    [Fact]
    public void Run_OneJobAfterAnother_ReusesTheSameBackgroundThread()
    {
        var first = RunOnce();
        var second = RunOnce();
        Assert.Same(first, second);
        Assert.True(first.IsBackground);
        Assert.NotSame(Thread.CurrentThread, first);
    }

    [Fact]
    public void Run_JobsAtTheSameTime_GetTheirOwnThreads()
    {
        // each job waits until all three run: with fewer than three threads this would time out
        using var allRunning = new Barrier(3);
        using var done = new CountdownEvent(3);
        var threads = new Thread?[3];
        var met = new bool[3];
        for (var k = 0; k < 3; k++)
        {
            var slot = k;
            HelperThreads.Run(() =>
            {
                threads[slot] = Thread.CurrentThread;
                met[slot] = allRunning.SignalAndWait(TimeSpan.FromSeconds(10));
            }, done);
        }
        Assert.True(done.Wait(TimeSpan.FromSeconds(20)));
        Assert.All(met, Assert.True);
        Assert.Equal(3, threads.Distinct().Count());
    }

    [Fact]
    public void Run_AJobThatThrows_StillSignalsAndTheHelperGoesOn()
    {
        var thrower = RunOnce(() => throw new InvalidOperationException("boom"));
        var next = RunOnce();
        Assert.Same(thrower, next);
        Assert.True(next.IsAlive);
    }

    [Fact]
    public void Helper_IdleLongerThanTheTimeout_Ends()
    {
        var saved = HelperThreads.IdleTimeout;
        try
        {
            HelperThreads.IdleTimeout = TimeSpan.FromMilliseconds(50);
            // the helpers parked with the long timeout wake with it only later: start one that waits with the short one
            var thread = RunOnce();
            Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the idle helper did not end");
            var after = RunOnce();
            Assert.NotSame(thread, after);
        }
        finally
        {
            HelperThreads.IdleTimeout = saved;
        }
    }
}
