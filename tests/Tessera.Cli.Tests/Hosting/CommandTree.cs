using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Tests.Hosting;

/// <summary>One executable command of the tree: its path (e.g. <c>mesh info</c>) and the options Spectre reflected
/// from its settings class.</summary>
internal sealed record CliCommand(IReadOnlyList<string> Path, IReadOnlyList<ICommandOption> Options)
{
    public override string ToString() => string.Join(' ', Path);
}

/// <summary>Walks the real <c>tessera</c> command tree: a help provider that records Spectre's command model (built by
/// reflection over every settings class) instead of printing it.</summary>
internal static class CommandTree
{
    private static readonly Lazy<IReadOnlyList<CliCommand>> Commands = new(Load);

    public static IReadOnlyList<CliCommand> All => Commands.Value;

    public static CliCommand Get(string path) => All.Single(c => c.ToString() == path);

    private static IReadOnlyList<CliCommand> Load()
    {
        var recorder = new RecordingHelpProvider();
        var app = TesseraApp.Create(new CliConsole(new TestConsole(), new TestConsole()), ["--help"]);
        app.Configure(c => c.SetHelpProvider(recorder));
        Assert.Equal(0, app.Run(["--help"]));
        var result = new List<CliCommand>();
        void Walk(IEnumerable<ICommandInfo> commands, IReadOnlyList<string> prefix)
        {
            foreach (var c in commands.Where(c => !c.IsHidden)) // Spectre's own hidden `cli` branch is not ours
            {
                var path = prefix.Append(c.Name).ToList();
                if (c.IsBranch)
                {
                    Walk(c.Commands, path);
                }
                else
                {
                    result.Add(new CliCommand(path, c.Parameters.OfType<ICommandOption>().ToList()));
                }
            }
        }
        Walk(recorder.Model!.Commands, []);
        return result;
    }

    private sealed class RecordingHelpProvider : IHelpProvider
    {
        public ICommandModel? Model { get; private set; }

        public IEnumerable<IRenderable> Write(ICommandModel model, ICommandInfo? command)
        {
            Model = model;
            return [];
        }
    }
}
