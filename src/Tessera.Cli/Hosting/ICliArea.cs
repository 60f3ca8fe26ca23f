using Spectre.Console.Cli;
using Tessera.Core.Parity;

namespace Tessera.Cli.Hosting;

/// <summary>
/// One area of the <c>tessera</c> command (augment, mesh, seg, clip, …): its commands, its benchmarks, its demo sections
/// and its parity handlers. An area lives in one folder under <c>Areas/</c>; adding one means creating that folder and
/// adding one line to <see cref="CliAreas"/>, with no edit to any other area.
/// </summary>
internal interface ICliArea
{
    /// <summary>Short lower-case name of the area (the folder under <c>Areas/</c>, usually its top-level command).</summary>
    string Name { get; }

    /// <summary>Adds the area's top-level commands and branches (e.g. <c>mesh info</c>, <c>mesh simplify</c>).</summary>
    /// <param name="config">The root configurator.</param>
    void Register(IConfigurator config);

    /// <summary>Adds the area's commands under <c>tessera bench</c> (e.g. <c>bench mesh</c>); none by default.</summary>
    /// <param name="bench">The <c>bench</c> branch.</param>
    void RegisterBench(IConfigurator<CommandSettings> bench)
    {
    }

    /// <summary>The area's sections of the demo page, in page order; none by default.</summary>
    /// <param name="options">Options of <c>tessera demo</c>.</param>
    /// <returns>New section instances.</returns>
    IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [];

    /// <summary>The area's handlers of reference-fixture formats for <c>tessera parity</c>; none by default.</summary>
    /// <returns>New handler instances.</returns>
    IEnumerable<IParityHandler> ParityHandlers() => [];
}
