using Spectre.Console.Cli;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Demo;

/// <summary>The <c>demo</c> area: the root <c>tessera demo</c> command, the page plumbing and the runtime smoke sections.</summary>
internal sealed class DemoArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "demo";

    /// <inheritdoc />
    public void Register(IConfigurator config) =>
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("Run the demo on embedded data and write out/demo/index.html.")
            .WithExample("demo", "--out", "out/demo");

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new CoreSection(), new TrainingSection()];
}
