using BenchmarkDotNet.Running;

namespace Tessera.Bench;

/// <summary>
/// BenchmarkDotNet entry point: <c>dotnet run -c Release --project bench/Tessera.Bench -- --filter '*'</c>;
/// <c>-- resize-stopwatch</c> runs the quick <see cref="ResizeStopwatch"/> table instead.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["resize-stopwatch"])
        {
            ResizeStopwatch.Run();
            return;
        }
        if (args is ["warp-stopwatch"])
        {
            WarpStopwatch.Run();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
