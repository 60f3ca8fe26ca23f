using System.Runtime.InteropServices;
using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using Xunit;

namespace Tessera.Nn.Tests.Runtime;

public sealed class ElfVersionPatcherTests
{
    private static readonly HashSet<string> DepNew = ["dep_new"];

    [Fact]
    public void ReadVersionNeeds_UserLibrary_ListsDep20Strong()
    {
        using var libs = VersionedLibraries.BuildOrSkip();

        var needs = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(libs.UserPath), libs.UserPath);

        var dep = Assert.Single(needs, n => n.File == libs.DepName);
        var v2 = Assert.Single(dep.Versions, v => v.Name == "DEP_2.0");
        Assert.False(v2.IsWeak);
        Assert.True(v2.Index > 1);
        var symbol = Assert.Single(ElfVersionPatcher.ReadSymbolVersions(File.ReadAllBytes(libs.UserPath)), s => s.Name == "dep_new");
        Assert.Equal(v2.Index, symbol.VersionIndex);
        Assert.False(symbol.Defined);
    }

    [Fact]
    public void Patch_VersionAndSymbolPresent_WeakensRequirementAndUnversionsSymbol()
    {
        using var libs = VersionedLibraries.BuildOrSkip();
        var original = File.ReadAllBytes(libs.UserPath);
        var originalCopy = original.ToArray();

        var result = ElfVersionPatcher.Patch(original, "DEP_2.0", DepNew, libs.UserPath);

        // The counts say what changed
        Assert.True(result.VersionFound);
        Assert.Equal(libs.DepName, result.RequiringFile);
        Assert.Equal(1, result.RequirementsWeakened);
        Assert.Equal(1, result.SymbolsUnversioned);
        Assert.Equal(0, result.SymbolsStillRequiringVersion);
        Assert.Equal(originalCopy, original);
        Assert.Equal(original.Length, result.Patched.Length);

        // The patched bytes, read back, carry the weak flag and the global index
        var needs = ElfVersionPatcher.ReadVersionNeeds(result.Patched);
        var v2 = Assert.Single(needs.Single(n => n.File == libs.DepName).Versions, v => v.Name == "DEP_2.0");
        Assert.True(v2.IsWeak);
        Assert.Equal(result.VersionIndex, v2.Index);
        var symbols = ElfVersionPatcher.ReadSymbolVersions(result.Patched);
        Assert.Equal(ElfVersionPatcher.VerNdxGlobal, symbols.Single(s => s.Name == "dep_new").VersionIndex);

        // Only the two 16-bit fields differ
        var differing = Enumerable.Range(0, original.Length).Count(i => original[i] != result.Patched[i]);
        Assert.InRange(differing, 2, 4);
    }

    [Fact]
    public void Patch_PatchedFile_ReadelfShowsWeakFlagAndUnversionedSymbol()
    {
        using var libs = VersionedLibraries.BuildOrSkip();
        if (VersionedLibraries.Run("readelf", ".", "--version").ExitCode != 0)
        {
            Assert.Skip("readelf (binutils) is not installed");
        }
        var patchedPath = Path.Combine(libs.Root, "libuser.patched.so");
        File.WriteAllBytes(patchedPath, ElfVersionPatcher.Patch(File.ReadAllBytes(libs.UserPath), "DEP_2.0", DepNew).Patched);

        var (_, versions) = VersionedLibraries.Run("readelf", ".", "-V", "-W", patchedPath);
        var (_, symbols) = VersionedLibraries.Run("readelf", ".", "--dyn-syms", "-W", patchedPath);

        Assert.Matches(@"Name: DEP_2\.0\s+Flags: WEAK", versions);
        var line = symbols.Split('\n').Single(l => l.Contains(" dep_new", StringComparison.Ordinal));
        Assert.DoesNotContain("@", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_PatchedLibrary_LoadsAgainstOldDependencyThatOriginalRejects()
    {
        // Given libuser.so next to a dependency build that lacks DEP_2.0 (as Debian 12's libstdc++ lacks GLIBCXX_3.4.32)
        using var libs = VersionedLibraries.BuildOrSkip();
        var original = File.ReadAllBytes(libs.UserPath);
        var originalInOld = Path.Combine(libs.OldDir, "libuser-original.so");
        var patchedInOld = Path.Combine(libs.OldDir, "libuser-patched.so");
        File.WriteAllBytes(originalInOld, original);
        File.WriteAllBytes(patchedInOld, ElfVersionPatcher.Patch(original, "DEP_2.0", DepNew).Patched);

        // When both are loaded
        var error = Assert.Throws<DllNotFoundException>(() => NativeLibrary.Load(originalInOld));
        var handle = NativeLibrary.Load(patchedInOld);

        // Then the original fails on the version, and the patched one binds dep_new to the old build's symbol
        Assert.Contains("DEP_2.0", error.Message, StringComparison.Ordinal);
        var call = Marshal.GetDelegateForFunctionPointer<IntReturning>(NativeLibrary.GetExport(handle, "user_call"));
        Assert.Equal(20, call());
    }

    [Fact]
    public void Patch_AlreadyPatched_ChangesNothingMore()
    {
        using var libs = VersionedLibraries.BuildOrSkip();
        var once = ElfVersionPatcher.Patch(File.ReadAllBytes(libs.UserPath), "DEP_2.0", DepNew).Patched;

        var twice = ElfVersionPatcher.Patch(once, "DEP_2.0", DepNew);

        Assert.True(twice.VersionFound);
        Assert.False(twice.Changed);
        Assert.Equal(once, twice.Patched);
    }

    [Fact]
    public void Patch_SymbolNotInSet_ReportsItStillRequiresVersion()
    {
        using var libs = VersionedLibraries.BuildOrSkip();

        var result = ElfVersionPatcher.Patch(File.ReadAllBytes(libs.UserPath), "DEP_2.0", new HashSet<string> { "something_else" });

        Assert.Equal(1, result.RequirementsWeakened);
        Assert.Equal(0, result.SymbolsUnversioned);
        Assert.Equal(1, result.SymbolsStillRequiringVersion);
    }

    [Fact]
    public void Patch_VersionNotRequired_ReturnsUnchangedCopy()
    {
        using var libs = VersionedLibraries.BuildOrSkip();
        var original = File.ReadAllBytes(libs.UserPath);

        var result = ElfVersionPatcher.Patch(original, "DEP_9.9", DepNew);

        Assert.False(result.VersionFound);
        Assert.False(result.Changed);
        Assert.Equal(original, result.Patched);
        Assert.NotSame(original, result.Patched);
    }

    [Fact]
    public void Patch_NotElf_ThrowsFormatException()
    {
        var bytes = "#!/bin/sh\necho not a library\n"u8.ToArray();

        var e = Assert.Throws<TesseraFormatException>(() => ElfVersionPatcher.Patch(bytes, "DEP_2.0", DepNew, "script.sh"));

        Assert.Contains("script.sh", e.Message, StringComparison.Ordinal);
        Assert.Contains("not an ELF file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_EmptyInput_ThrowsFormatException()
    {
        Assert.Throws<TesseraFormatException>(() => ElfVersionPatcher.Patch([], "DEP_2.0", DepNew));
    }

    [Fact]
    public void Patch_Elf32Header_ThrowsFormatException()
    {
        var bytes = new byte[64];
        bytes[0] = 0x7f; bytes[1] = (byte)'E'; bytes[2] = (byte)'L'; bytes[3] = (byte)'F';
        bytes[4] = 1; // ELFCLASS32
        bytes[5] = 1;

        var e = Assert.Throws<TesseraFormatException>(() => ElfVersionPatcher.Patch(bytes, "DEP_2.0", DepNew));

        Assert.Contains("64-bit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]      // inside the ELF header
    [InlineData(64)]      // header only: section headers missing
    [InlineData(-1)]      // half the file: section headers (at the end) missing
    public void Patch_TruncatedElf_ThrowsFormatException(int length)
    {
        using var libs = VersionedLibraries.BuildOrSkip();
        var full = File.ReadAllBytes(libs.UserPath);
        var cut = full.AsSpan(0, length < 0 ? full.Length / 2 : length).ToArray();

        var e = Assert.Throws<TesseraFormatException>(() => ElfVersionPatcher.Patch(cut, "DEP_2.0", DepNew, "cut.so"));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_VerneedPointingOutsideItsSection_ThrowsFormatException()
    {
        // Given a library whose first Verneed entry's vn_aux is corrupted
        using var libs = VersionedLibraries.BuildOrSkip();
        var bytes = File.ReadAllBytes(libs.UserPath);
        var (offset, _) = FindSection(bytes, 0x6ffffffe);
        BitConverter.GetBytes(0x7fff0000u).CopyTo(bytes, offset + 8);

        Assert.Throws<TesseraFormatException>(() => ElfVersionPatcher.Patch(bytes, "DEP_2.0", DepNew));
    }

    [Fact]
    public void Patch_EmptyVersionName_ThrowsArgumentException()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => ElfVersionPatcher.Patch([0x7f], "", DepNew));

        Assert.Equal("versionName", e.ParamName);
    }

    [Fact]
    public void Patch_TorchSharpShim_WeakensGlibcxx3432ForItsOneSymbol()
    {
        // The shim TorchSharp-cpu 0.107 ships (copied into the test output); read only.
        var shim = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(shim))
        {
            Assert.Skip($"{shim} is not there (not a linux-x64 build)");
        }
        var bytes = File.ReadAllBytes(shim);

        var needs = ElfVersionPatcher.ReadVersionNeeds(bytes, shim);
        var result = ElfVersionPatcher.Patch(bytes, TorchRuntime.ShimVersionToWeaken, TorchRuntime.ShimSymbolsToUnversion, shim);

        Assert.Contains(needs.Single(n => n.File == "libstdc++.so.6").Versions, v => v.Name == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", result.RequiringFile);
        Assert.Equal(1, result.RequirementsWeakened);
        Assert.Equal(1, result.SymbolsUnversioned);
        Assert.Equal(0, result.SymbolsStillRequiringVersion);
    }

    [Fact]
    public void ReadVersionDefinitions_DependencyBuild_ListsItsVersions()
    {
        using var libs = VersionedLibraries.BuildOrSkip();

        var defs = ElfVersionPatcher.ReadVersionDefinitions(File.ReadAllBytes(Path.Combine(libs.NewDir, libs.DepName)));

        Assert.Contains("DEP_1.0", defs);
        Assert.Contains("DEP_2.0", defs);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntReturning();

    private static (int Offset, int Size) FindSection(byte[] elf, uint type)
    {
        var shoff = (int)BitConverter.ToUInt64(elf, 0x28);
        var shentsize = BitConverter.ToUInt16(elf, 0x3A);
        var shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var h = shoff + (i * shentsize);
            if (BitConverter.ToUInt32(elf, h + 4) == type)
            {
                return ((int)BitConverter.ToUInt64(elf, h + 24), (int)BitConverter.ToUInt64(elf, h + 32));
            }
        }
        throw new InvalidOperationException($"no section of type 0x{type:x}");
    }
}
