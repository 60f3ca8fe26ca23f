namespace Tessera.Nn.Runtime;

/// <summary>One version that an ELF object requires from a library (a Vernaux entry of <c>.gnu.version_r</c>).</summary>
/// <param name="Name">Version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Index">The version index (<c>vna_other</c>) that <c>.gnu.version</c> entries refer to.</param>
/// <param name="Flags">The <c>vna_flags</c> bits (<see cref="ElfVersionPatcher.VerFlagWeak"/> = weak).</param>
internal sealed record ElfVersionRequirement(string Name, ushort Index, ushort Flags)
{
    /// <summary>True when the requirement is marked weak (a missing version is not fatal to the loader).</summary>
    public bool IsWeak => (Flags & ElfVersionPatcher.VerFlagWeak) != 0;
}

/// <summary>The versions an ELF object requires from one library (a Verneed entry).</summary>
/// <param name="File">The library's file name as written in the object, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Versions">The required versions, in file order.</param>
internal sealed record ElfVersionNeed(string File, IReadOnlyList<ElfVersionRequirement> Versions);

/// <summary>A dynamic symbol and its <c>.gnu.version</c> entry.</summary>
/// <param name="Name">Symbol name.</param>
/// <param name="VersionIndex">Version index without the hidden bit (0 local, 1 global/unversioned, ≥ 2 a version).</param>
/// <param name="Hidden">The hidden bit (0x8000) of the entry.</param>
/// <param name="Defined">True when the symbol is defined in the object (its section index is not SHN_UNDEF).</param>
internal sealed record ElfSymbolVersion(string Name, ushort VersionIndex, bool Hidden, bool Defined);

/// <summary>What <see cref="ElfVersionPatcher.Patch"/> changed.</summary>
/// <param name="Patched">The patched file content (a new array; equal to the input when nothing changed).</param>
/// <param name="VersionFound">True when some Verneed entry requires the version.</param>
/// <param name="RequiringFile">The library the version is required from (null when not found).</param>
/// <param name="VersionIndex">The version's index (<c>vna_other</c>), 0 when not found.</param>
/// <param name="RequirementsWeakened">Vernaux entries whose weak flag was newly set.</param>
/// <param name="SymbolsUnversioned">Dynamic symbols whose version index was newly set to 1 (global).</param>
/// <param name="SymbolsStillRequiringVersion">
/// Dynamic symbols that keep the version index after the patch because their names are not in the set.
/// Anything above zero means the weakened version may still be needed at run time.
/// </param>
internal sealed record ElfPatchResult(
    byte[] Patched,
    bool VersionFound,
    string? RequiringFile,
    ushort VersionIndex,
    int RequirementsWeakened,
    int SymbolsUnversioned,
    int SymbolsStillRequiringVersion)
{
    /// <summary>True when any byte changed.</summary>
    public bool Changed => RequirementsWeakened > 0 || SymbolsUnversioned > 0;

    /// <inheritdoc />
    public override string ToString() => VersionFound
        ? $"version index {VersionIndex} (from {RequiringFile}): {RequirementsWeakened} requirement(s) weakened, "
          + $"{SymbolsUnversioned} symbol(s) unversioned, {SymbolsStillRequiringVersion} symbol(s) still bound to the version"
        : "version not required by the object; nothing changed";
}
