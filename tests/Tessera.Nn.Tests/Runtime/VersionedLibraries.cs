using System.ComponentModel;
using System.Diagnostics;
using Xunit;

namespace Tessera.Nn.Tests.Runtime;

/// <summary>
/// Builds tiny versioned shared libraries with gcc for the ELF tests: a dependency whose new symbol
/// <c>dep_new</c> is defined at version DEP_2.0 (DEP_1.0 also exists), a user library that calls it, and an
/// "old" build of the dependency that has only DEP_1.0 (where <c>dep_new</c> returns 20 instead of 2).
/// </summary>
internal sealed class VersionedLibraries : IDisposable
{
    private VersionedLibraries(string root, string depName)
    {
        Root = root;
        DepName = depName;
    }

    public string Root { get; }

    /// <summary>File name (and SONAME) of the dependency, unique per build so loads never clash.</summary>
    public string DepName { get; }

    public string NewDir => Path.Combine(Root, "new");

    public string OldDir => Path.Combine(Root, "old");

    /// <summary>libuser.so linked against the DEP_2.0 build; it requires DEP_2.0 for dep_new.</summary>
    public string UserPath => Path.Combine(NewDir, "libuser.so");

    /// <summary>Builds the libraries, or skips the calling test when gcc is unavailable.</summary>
    public static VersionedLibraries BuildOrSkip()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("ELF libraries are built only on Linux");
        }
        if (Run("gcc", ".", "--version").ExitCode != 0)
        {
            Assert.Skip("gcc is not installed (apt-get install gcc); the ELF test builds its own libraries");
        }

        var root = Path.Combine(Path.GetTempPath(), $"tessera-elf-{Guid.NewGuid():N}");
        var depName = $"libtdep{Guid.NewGuid().ToString("N")[..8]}.so";
        var libs = new VersionedLibraries(root, depName);
        Directory.CreateDirectory(libs.NewDir);
        Directory.CreateDirectory(libs.OldDir);

        File.WriteAllText(Path.Combine(libs.NewDir, "dep.c"), "int dep_old(void) { return 1; }\nint dep_new(void) { return 2; }\n");
        File.WriteAllText(Path.Combine(libs.NewDir, "dep.map"),
            "DEP_1.0 { global: dep_old; local: *; };\nDEP_2.0 { global: dep_new; } DEP_1.0;\n");
        File.WriteAllText(Path.Combine(libs.NewDir, "user.c"), "extern int dep_new(void);\nint user_call(void) { return dep_new(); }\n");
        File.WriteAllText(Path.Combine(libs.OldDir, "dep.c"), "int dep_old(void) { return 10; }\nint dep_new(void) { return 20; }\n");
        File.WriteAllText(Path.Combine(libs.OldDir, "dep.map"), "DEP_1.0 { global: dep_old; dep_new; local: *; };\n");

        libs.Gcc(libs.NewDir, "-shared", "-fPIC", "-o", depName, "dep.c", "-Wl,--version-script=dep.map", $"-Wl,-soname,{depName}");
        libs.Gcc(libs.NewDir, "-shared", "-fPIC", "-o", "libuser.so", "user.c", $"-l:{depName}", "-L.", "-Wl,-rpath,$ORIGIN");
        libs.Gcc(libs.OldDir, "-shared", "-fPIC", "-o", depName, "dep.c", "-Wl,--version-script=dep.map", $"-Wl,-soname,{depName}");
        return libs;
    }

    /// <summary>Runs a tool; a missing tool gives exit code -1.</summary>
    public static (int ExitCode, string Output) Run(string tool, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (Win32Exception)
        {
            return (-1, $"{tool} not found");
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }

    private void Gcc(string dir, params string[] args)
    {
        var (code, output) = Run("gcc", dir, args);
        Assert.True(code == 0, $"gcc {string.Join(' ', args)} failed in {dir}:\n{output}");
    }
}
