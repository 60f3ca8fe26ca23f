namespace Tessera.Cli.Hosting;

/// <summary>Options of <c>tessera demo</c> that sections may use.</summary>
internal sealed record DemoOptions
{
    /// <summary>Run the (slower) benchmarks and chart them (<c>--bench</c>).</summary>
    public bool Bench { get; init; }
}
