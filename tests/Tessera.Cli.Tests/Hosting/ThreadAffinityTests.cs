using Tessera.Cli.Hosting;

namespace Tessera.Cli.Tests;

public class ThreadAffinityTests
{
    /// <summary>A pinned thread runs on its CPU only, and a thread it starts inherits the CPU; after Unpin it may leave it.</summary>
    [Fact]
    public void Pin_KeepsTheThreadAndItsChildrenOnTheCpu()
    {
        Assert.SkipUnless(ThreadAffinity.IsSupported, "sched_setaffinity is Linux only");
        foreach (var cpu in Enumerable.Range(0, Environment.ProcessorCount))
        {
            int[] seen = [];
            int child = -2;
            var thread = new Thread(() =>
            {
                Assert.True(ThreadAffinity.Pin(cpu));
                var list = new List<int>();
                for (var i = 0; i < 200; i++)
                {
                    Thread.Yield();
                    list.Add(ThreadAffinity.Current());
                }
                seen = [.. list.Distinct()];
                var inner = new Thread(() =>
                {
                    Thread.Yield();
                    child = ThreadAffinity.Current();
                });
                inner.Start();
                inner.Join();
                ThreadAffinity.Unpin();
            });
            thread.Start();
            thread.Join();
            Assert.Equal([cpu], seen);
            Assert.Equal(cpu, child);
        }
    }

    [Fact]
    public void Pin_NoSuchCpu_ReturnsFalse()
    {
        Assert.SkipUnless(ThreadAffinity.IsSupported, "sched_setaffinity is Linux only");
        var result = true;
        var thread = new Thread(() => result = ThreadAffinity.Pin(1023) && Environment.ProcessorCount <= 1023);
        thread.Start();
        thread.Join();
        Assert.False(result);
        Assert.False(ThreadAffinity.Pin(-1));
    }
}
