namespace Tessera.Augment.Pipeline;

/// <summary>
/// Background threads that <see cref="OrderedParallel"/> keeps between calls, as a data loader keeps its persistent
/// workers between epochs. A thread started per call cost two workers about 3 ms per call on the benchmark pipeline
/// (2–3 % of a 1000-sample epoch): starting the thread, and the pooled pixel buffers a thread takes with it when it ends
/// (the shared pool keeps one buffer per size in each thread's own slot, and an ended thread's slot is lost, so the next
/// epoch allocated and page-faulted them again). A kept thread also finds its own cached buffers warm in its core's
/// cache. A thread that has had no work for <see cref="IdleTimeout"/> gives its pixel buffers to the shared pool and
/// ends, like the idle workers of .NET's thread pool.
/// </summary>
/// <remarks>
/// These are dedicated threads, not thread-pool work items: a map's helpers hold their thread for the whole call, and
/// must start at once even when the application's thread pool is busy.
/// </remarks>
internal static class HelperThreads
{
    private static readonly Lock Gate = new();
    // waiting helpers, the one parked last at the end (it is taken first: its caches are the warmest)
    private static readonly List<Helper> Idle = [];

    /// <summary>How long a helper waits for its next job before it ends (20 s).</summary>
    internal static TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs <paramref name="job"/> on a waiting helper (or a new one) and signals <paramref name="done"/> once when it has
    /// returned. <paramref name="job"/> must not throw: an exception it lets out is lost (the helper survives it).
    /// </summary>
    public static void Run(Action job, CountdownEvent done)
    {
        Helper? helper = null;
        lock (Gate)
        {
            if (Idle.Count > 0)
            {
                helper = Idle[^1];
                Idle.RemoveAt(Idle.Count - 1);
            }
        }
        (helper ?? Helper.Start()).Give(job, done);
    }

    /// <summary>Takes <paramref name="helper"/> out of the idle stack if it is still there (it is about to end).</summary>
    private static bool TryRetire(Helper helper)
    {
        lock (Gate)
        {
            // false: a caller took it between its timeout and this lock, and the job is on its way
            return Idle.Remove(helper);
        }
    }

    private static void Park(Helper helper)
    {
        lock (Gate)
        {
            Idle.Add(helper);
        }
    }

    private sealed class Helper : IDisposable
    {
        private readonly SemaphoreSlim _signal = new(0, 1);
        private Action? _job;
        private CountdownEvent? _done;

        public static Helper Start()
        {
            var helper = new Helper();
            var thread = new Thread(helper.Loop) { IsBackground = true, Name = "Tessera augment helper" };
            thread.Start();
            return helper;
        }

        public void Give(Action job, CountdownEvent done)
        {
            _job = job;
            _done = done;
            _signal.Release();
        }

        /// <summary>Frees the wake-up signal (the helper's thread calls it as it ends).</summary>
        public void Dispose() => _signal.Dispose();

        private void Loop()
        {
            try
            {
                while (true)
                {
                    if (!_signal.Wait(IdleTimeout))
                    {
                        if (TryRetire(this))
                        {
                            return;
                        }
                        // timed out, but a caller took this helper meanwhile: its job is on the way
                        _signal.Wait();
                    }
                    var (job, done) = (_job!, _done!);
                    (_job, _done) = (null, null);
                    try
                    {
                        job();
                    }
#pragma warning disable CA1031 // a helper outlives a faulty job (the jobs catch their own failures)
                    catch (Exception)
#pragma warning restore CA1031
                    {
                    }
                    Park(this);
                    done.Signal();
                }
            }
            finally
            {
                Tessera.Core.Imaging.PixelMemory.ReleaseThreadCache();
                Dispose();
            }
        }
    }
}
