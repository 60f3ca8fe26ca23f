using Tessera.Core.Parity;

namespace Tessera.Core.Tests.Parity;

public class ParityRunnerTests
{
    private sealed class MarkerHandler : IParityHandler
    {
        public string Format => "marker";

        public IReadOnlyList<ParityGroup>? TryOpen(string directory)
        {
            var marker = Path.Combine(directory, "cases.marker");
            if (!File.Exists(marker)) { return null; }
            var cases = File.ReadAllLines(marker).Select(line =>
            {
                var parts = line.Split(' ');
                var value = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                return new ParityCase(parts[0], _ => parts[0] == "throws"
                    ? throw new InvalidOperationException("kaput")
                    : ParityOutcome.AtMost("max_abs", value, 0.5));
            }).ToList();
            return [new ParityGroup("toy", "g1", directory, cases)];
        }
    }

    private static string MakeTree()
    {
        var root = Directory.CreateTempSubdirectory("tessera-parity").FullName;
        var claimed = Directory.CreateDirectory(Path.Combine(root, "whatever-name")).FullName;
        File.WriteAllLines(Path.Combine(claimed, "cases.marker"), ["ok 0.1", "bad 0.9", "throws 0"]);
        var other = Directory.CreateDirectory(Path.Combine(root, "area2", "strange")).FullName;
        File.WriteAllText(Path.Combine(other, "manifest.json"), "{}");
        return root;
    }

    [Fact]
    public void Run_MixedTree_ReportsPassFailAndUnsupported()
    {
        var rows = ParityRunner.Run(new ParityCatalog([new MarkerHandler()]), MakeTree());
        Assert.Contains(rows, r => r.Case == "ok" && r.Status == ParityStatus.Pass && r.Value == 0.1 && r.Limit == 0.5);
        Assert.Contains(rows, r => r.Case == "bad" && r.Status == ParityStatus.Fail);
        Assert.Contains(rows, r => r.Case == "throws" && r.Status == ParityStatus.Fail && r.Message!.Contains("kaput", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Area == "area2" && r.Group == "strange" && r.Status == ParityStatus.Unsupported);
    }

    [Fact]
    public void Run_GroupFilter_SelectsOnlyThatGroupAndReportsUnknownNames()
    {
        var rows = ParityRunner.Run(new ParityCatalog([new MarkerHandler()]), MakeTree(), ["toy/g1", "nope"]);
        Assert.Equal(3, rows.Count(r => r.Group == "g1"));
        Assert.DoesNotContain(rows, r => r.Group == "strange");
        Assert.Contains(rows, r => r.Group == "nope" && r.Status == ParityStatus.Unsupported);
    }

    [Fact]
    public void Discover_HandlerByContent_NotByFolderName()
    {
        var groups = ParityRunner.Discover(new ParityCatalog([new MarkerHandler()]), MakeTree());
        Assert.Contains(groups, g => g.Name == "g1" && g.Supported && g.Directory.EndsWith("whatever-name", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_MissingFolder_Throws()
    {
        Assert.Throws<Core.Errors.TesseraArgumentException>(() => ParityRunner.Discover(new ParityCatalog([]), "/no/such/dir"));
    }

    [Fact]
    public void All_OneFailing_CombinedFails()
    {
        var o = ParityOutcome.All([ParityOutcome.AtMost("a", 0, 1), ParityOutcome.Exact("b", 2)]);
        Assert.Equal(ParityStatus.Fail, o.Status);
        Assert.Equal("b", o.Metric);
    }
}
