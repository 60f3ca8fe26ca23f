using BenchmarkDotNet.Running;

namespace Tessera.Bench;

/// <summary>BenchmarkDotNet entry point: <c>dotnet run -c Release --project bench/Tessera.Bench -- --filter '*'</c>.</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
