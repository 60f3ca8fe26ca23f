using System.Diagnostics;
using System.Text;

namespace Tessera.Cli.Tests.Packaging;

/// <summary>
/// The CLI is a .NET tool: the package in out/packages (from <c>./build.sh pack</c>; packed here from the Release build
/// when absent) installs into a temporary tool path and runs. Slow-ish (packs and extracts the native runtimes), so it
/// carries the <c>Packaging</c> category: <c>dotnet test --filter Category!=Packaging</c> leaves it out.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class ToolPackageTests
{
    [Fact]
    public void ToolPackage_InstallsIntoToolPath_RunsVersionAndDemoHelp()
    {
        var root = RepositoryRoot();
        var packages = Path.Combine(root, "out", "packages");
        var work = Directory.CreateTempSubdirectory("tessera-tool-").FullName;
        try
        {
            var source = packages;
            var built = File.GetLastWriteTimeUtc(Path.Combine(root, "src", "Tessera.Cli", "bin", "Release", "net10.0", "tessera.dll"));
            var packed = Directory.Exists(packages)
                ? Directory.GetFiles(packages, "tessera.*.nupkg").Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max()
                : DateTime.MinValue;
            if (packed < built)
            {
                // No `./build.sh pack` output newer than the Release build: pack the tool from the Release build the tests were built with.
                source = Path.Combine(work, "packages");
                var (packCode, packOutput) = Run("dotnet", root, "pack", Path.Combine(root, "src", "Tessera.Cli", "Tessera.Cli.csproj"),
                    "-c", "Release", "--no-build", "--nologo", "-o", source, "-p:IncludeSymbols=false");
                Assert.True(packCode == 0, packOutput);
            }
            var nupkg = Assert.Single(Directory.GetFiles(source, "tessera.*.nupkg"), p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
            var version = Path.GetFileNameWithoutExtension(nupkg)["tessera.".Length..];

            var toolPath = Path.Combine(work, "tools");
            var (installCode, installOutput) = Run("dotnet", work, "tool", "install", "tessera", "--version", version,
                "--tool-path", toolPath, "--add-source", source);
            Assert.True(installCode == 0, installOutput);
            var tessera = Path.Combine(toolPath, "tessera");

            var (versionCode, versionOutput) = Run(tessera, work, "--version");
            Assert.True(versionCode == 0, versionOutput);
            Assert.Equal(version, versionOutput.Trim());

            var (helpCode, helpOutput) = Run(tessera, work, "demo", "--help");
            Assert.True(helpCode == 0, helpOutput);
            Assert.Contains("--out", helpOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static (int Code, string Output) Run(string file, string directory, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) { info.ArgumentList.Add(a); }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, new StringBuilder(stdout).Append(stderr.Result).ToString());
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Tessera.slnx not found above " + AppContext.BaseDirectory);
    }
}
