using System.Buffers.Binary;
using System.Text;
using Tessera.Core.Errors;

namespace Tessera.Nn.Runtime;

/// <summary>
/// Reads and edits the symbol-versioning sections of an ELF64 little-endian shared object, in managed code.
/// </summary>
/// <remarks>
/// <para>
/// The edit makes one required version optional: the Vernaux entry that names it in <c>.gnu.version_r</c>
/// (SHT_GNU_verneed) gets <c>VER_FLG_WEAK</c>, so the dynamic loader no longer refuses the object when the
/// library lacks that version, and the named dynamic symbols bound to it get version index 1
/// (<c>VER_NDX_GLOBAL</c>) in <c>.gnu.version</c> (SHT_GNU_versym), so they are looked up unversioned.
/// Nothing moves: only two-byte fields change, so offsets, hashes and relocations stay valid.
/// </para>
/// <para>
/// It is safe only for symbols the object does not actually need from that version (TorchSharp's shim
/// names <c>std::ios_base_library_init</c>, which GCC 13 references only to order iostream start-up and
/// for which it has no relocation). <see cref="ElfPatchResult.SymbolsStillRequiringVersion"/> tells the
/// caller whether other symbols still depend on the weakened version.
/// </para>
/// <para>
/// Structures follow the System V gABI and the LSB "Symbol Versioning" chapter. Only files with section
/// headers are handled (a file whose section headers were stripped is rejected as malformed).
/// </para>
/// </remarks>
internal static class ElfVersionPatcher
{
    /// <summary><c>VER_FLG_WEAK</c>: the version requirement is weak.</summary>
    public const ushort VerFlagWeak = 0x2;

    /// <summary><c>VER_NDX_GLOBAL</c>: an unversioned global symbol.</summary>
    public const ushort VerNdxGlobal = 1;

    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const int SymEntrySize = 24;
    private const int MaxChainLength = 1 << 16;

    /// <summary>Lists the versions an object requires, per library (file → versions).</summary>
    /// <param name="elf">The file content.</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <returns>The Verneed entries in file order (empty when the object has no <c>.gnu.version_r</c>).</returns>
    /// <exception cref="TesseraFormatException">The bytes are not a well-formed ELF64 little-endian object.</exception>
    public static IReadOnlyList<ElfVersionNeed> ReadVersionNeeds(ReadOnlySpan<byte> elf, string source = "ELF data")
    {
        var file = ElfFile.Parse(elf, source);
        return file.ReadVersionNeeds(elf).Select(n => n.Need).ToArray();
    }

    /// <summary>Lists the version names an object defines (its <c>.gnu.version_d</c>), e.g. a libstdc++'s GLIBCXX_* set.</summary>
    /// <param name="elf">The file content.</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <returns>Defined version names in file order (the first is usually the file's own base name).</returns>
    /// <exception cref="TesseraFormatException">The bytes are not a well-formed ELF64 little-endian object.</exception>
    public static IReadOnlyList<string> ReadVersionDefinitions(ReadOnlySpan<byte> elf, string source = "ELF data")
    {
        var file = ElfFile.Parse(elf, source);
        return file.ReadVersionDefinitions(elf);
    }

    /// <summary>Lists every dynamic symbol with its <c>.gnu.version</c> entry.</summary>
    /// <param name="elf">The file content.</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <returns>One entry per <c>.dynsym</c> symbol, in table order (empty when there is no versym table).</returns>
    /// <exception cref="TesseraFormatException">The bytes are not a well-formed ELF64 little-endian object.</exception>
    public static IReadOnlyList<ElfSymbolVersion> ReadSymbolVersions(ReadOnlySpan<byte> elf, string source = "ELF data")
    {
        var file = ElfFile.Parse(elf, source);
        var table = file.ReadVersymTable(elf);
        if (table is null)
        {
            return [];
        }
        var result = new ElfSymbolVersion[table.Value.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var v = table.Value.VersionAt(elf, i);
            result[i] = new ElfSymbolVersion(table.Value.NameAt(elf, i), (ushort)(v & 0x7fff), (v & 0x8000) != 0, table.Value.IsDefined(elf, i));
        }
        return result;
    }

    /// <summary>
    /// Makes a required version weak and unversions the named symbols bound to it (see the type remarks).
    /// </summary>
    /// <param name="elf">The original file content; not modified.</param>
    /// <param name="versionName">The required version, e.g. <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="symbols">Names of dynamic symbols to unversion when they are bound to that version.</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <returns>The patched bytes (always a new array) and counts of what changed. Patching twice changes nothing more.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="versionName"/> is empty or <paramref name="symbols"/> is null.</exception>
    /// <exception cref="TesseraFormatException">The bytes are not a well-formed ELF64 little-endian object.</exception>
    public static ElfPatchResult Patch(ReadOnlySpan<byte> elf, string versionName, IReadOnlySet<string> symbols, string source = "ELF data")
    {
        Guard.That(!string.IsNullOrEmpty(versionName), nameof(versionName), "must name a version, e.g. GLIBCXX_3.4.32");
        Guard.That(symbols is not null, nameof(symbols), "must not be null (pass an empty set to unversion nothing)");

        var file = ElfFile.Parse(elf, source);
        var patched = elf.ToArray();
        string? requiringFile = null;
        ushort index = 0;
        var weakened = 0;
        foreach (var (need, auxOffsets) in file.ReadVersionNeeds(elf))
        {
            for (var i = 0; i < need.Versions.Count; i++)
            {
                var req = need.Versions[i];
                if (req.Name != versionName)
                {
                    continue;
                }
                if (requiringFile is not null && req.Index != index)
                {
                    throw new TesseraFormatException(source, null,
                        $"version {versionName} is required twice with different indices ({index} and {req.Index})");
                }
                requiringFile ??= need.File;
                index = req.Index;
                if (!req.IsWeak)
                {
                    var flagsAt = auxOffsets[i] + 4;
                    BinaryPrimitives.WriteUInt16LittleEndian(patched.AsSpan(flagsAt), (ushort)(req.Flags | VerFlagWeak));
                    weakened++;
                }
            }
        }

        if (requiringFile is null)
        {
            return new ElfPatchResult(patched, false, null, 0, 0, 0, 0);
        }
        if (index <= VerNdxGlobal)
        {
            throw new TesseraFormatException(source, null, $"version {versionName} has reserved index {index}");
        }

        var unversioned = 0;
        var remaining = 0;
        var table = file.ReadVersymTable(elf);
        if (table is { } t)
        {
            for (var i = 0; i < t.Count; i++)
            {
                var v = t.VersionAt(elf, i);
                if ((v & 0x7fff) != index)
                {
                    continue;
                }
                if (symbols!.Contains(t.NameAt(elf, i)))
                {
                    var entryAt = t.VersymOffset + (2 * i);
                    BinaryPrimitives.WriteUInt16LittleEndian(patched.AsSpan(entryAt), (ushort)((v & 0x8000) | VerNdxGlobal));
                    unversioned++;
                }
                else
                {
                    remaining++;
                }
            }
        }
        return new ElfPatchResult(patched, true, requiringFile, index, weakened, unversioned, remaining);
    }

    /// <summary>Section-level view of an ELF64 little-endian file with bounds-checked readers.</summary>
    private sealed class ElfFile
    {
        private readonly string _source;
        private readonly Section[] _sections;
        private readonly int _length;

        private ElfFile(string source, Section[] sections, int length)
        {
            _source = source;
            _sections = sections;
            _length = length;
        }

        public static ElfFile Parse(ReadOnlySpan<byte> elf, string source)
        {
            if (elf.Length < 4 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw new TesseraFormatException(source, "byte 0", "not an ELF file (missing the \\x7fELF magic)");
            }
            if (elf.Length < 64)
            {
                throw new TesseraFormatException(source, $"byte {elf.Length}", "truncated ELF header (64 bytes expected)");
            }
            if (elf[4] != 2)
            {
                throw new TesseraFormatException(source, "byte 4", $"only 64-bit ELF is supported (EI_CLASS = {elf[4]})");
            }
            if (elf[5] != 1)
            {
                throw new TesseraFormatException(source, "byte 5", $"only little-endian ELF is supported (EI_DATA = {elf[5]})");
            }

            var shoff = BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]);
            var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
            long shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
            if (shoff == 0)
            {
                throw new TesseraFormatException(source, "byte 40", "the file has no section headers");
            }
            if (shentsize < 64)
            {
                throw new TesseraFormatException(source, "byte 58", $"section header size {shentsize} is smaller than 64");
            }
            var tableAt = shoff > int.MaxValue ? long.MaxValue : (long)shoff;
            CheckRange(elf.Length, source, tableAt, 64, "section header 0");
            if (shnum == 0)
            {
                // Extended numbering: the real count lives in section 0's sh_size.
                var count = BinaryPrimitives.ReadUInt64LittleEndian(elf[(int)(tableAt + 32)..]);
                shnum = count > int.MaxValue ? int.MaxValue : (long)count;
            }
            CheckRange(elf.Length, source, tableAt, shnum * shentsize, $"{shnum} section headers");

            var sections = new Section[shnum];
            for (var i = 0; i < shnum; i++)
            {
                var h = elf[(int)(tableAt + (i * shentsize))..];
                var type = BinaryPrimitives.ReadUInt32LittleEndian(h[4..]);
                var offset = BinaryPrimitives.ReadUInt64LittleEndian(h[24..]);
                var size = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
                var link = BinaryPrimitives.ReadUInt32LittleEndian(h[40..]);
                var info = BinaryPrimitives.ReadUInt32LittleEndian(h[44..]);
                sections[i] = new Section(type, link, offset > long.MaxValue ? long.MaxValue : (long)offset,
                    size > long.MaxValue ? long.MaxValue : (long)size, info);
            }
            return new ElfFile(source, sections, elf.Length);
        }

        public List<(ElfVersionNeed Need, int[] AuxOffsets)> ReadVersionNeeds(ReadOnlySpan<byte> elf)
        {
            var result = new List<(ElfVersionNeed, int[])>();
            var sectionIndex = Array.FindIndex(_sections, s => s.Type == ShtGnuVerneed);
            if (sectionIndex < 0)
            {
                return result;
            }
            var verneed = CheckedSection(sectionIndex, ".gnu.version_r");
            var strtab = LinkedSection(verneed, ".gnu.version_r");
            var count = verneed.Info;
            long at = verneed.Offset;
            for (var n = 0u; n < count; n++)
            {
                Require(at, 16, verneed, $"Verneed entry {n}");
                var e = elf[(int)at..];
                var vnCnt = BinaryPrimitives.ReadUInt16LittleEndian(e[2..]);
                var vnFile = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
                var vnAux = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
                var vnNext = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
                var fileName = ReadString(elf, strtab, vnFile, $"Verneed entry {n} file name");

                var versions = new List<ElfVersionRequirement>(vnCnt);
                var offsets = new int[vnCnt];
                var auxAt = at + vnAux;
                for (var k = 0; k < vnCnt; k++)
                {
                    Require(auxAt, 16, verneed, $"Vernaux entry {k} of {fileName}");
                    var a = elf[(int)auxAt..];
                    var flags = BinaryPrimitives.ReadUInt16LittleEndian(a[4..]);
                    var other = BinaryPrimitives.ReadUInt16LittleEndian(a[6..]);
                    var name = BinaryPrimitives.ReadUInt32LittleEndian(a[8..]);
                    var next = BinaryPrimitives.ReadUInt32LittleEndian(a[12..]);
                    versions.Add(new ElfVersionRequirement(ReadString(elf, strtab, name, $"Vernaux entry {k} of {fileName}"), other, flags));
                    offsets[k] = (int)auxAt;
                    if (next == 0 && k + 1 < vnCnt)
                    {
                        throw Malformed(auxAt, $"Vernaux chain of {fileName} ends after {k + 1} of {vnCnt} entries");
                    }
                    auxAt += next;
                }
                result.Add((new ElfVersionNeed(fileName, versions), offsets));
                if (vnNext == 0)
                {
                    if (n + 1 < count)
                    {
                        throw Malformed(at, $"Verneed chain ends after {n + 1} of {count} entries");
                    }
                    break;
                }
                at += vnNext;
            }
            return result;
        }

        public List<string> ReadVersionDefinitions(ReadOnlySpan<byte> elf)
        {
            var result = new List<string>();
            var sectionIndex = Array.FindIndex(_sections, s => s.Type == ShtGnuVerdef);
            if (sectionIndex < 0)
            {
                return result;
            }
            var verdef = CheckedSection(sectionIndex, ".gnu.version_d");
            var strtab = LinkedSection(verdef, ".gnu.version_d");
            long at = verdef.Offset;
            for (var n = 0u; n < Math.Min(verdef.Info, (uint)MaxChainLength); n++)
            {
                Require(at, 20, verdef, $"Verdef entry {n}");
                var e = elf[(int)at..];
                var cnt = BinaryPrimitives.ReadUInt16LittleEndian(e[6..]);
                var aux = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
                var next = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
                if (cnt > 0)
                {
                    Require(at + aux, 8, verdef, $"Verdaux of Verdef entry {n}");
                    var name = BinaryPrimitives.ReadUInt32LittleEndian(elf[(int)(at + aux)..]);
                    result.Add(ReadString(elf, strtab, name, $"Verdef entry {n} name"));
                }
                if (next == 0)
                {
                    break;
                }
                at += next;
            }
            return result;
        }

        public VersymTable? ReadVersymTable(ReadOnlySpan<byte> elf)
        {
            var sectionIndex = Array.FindIndex(_sections, s => s.Type == ShtGnuVersym);
            if (sectionIndex < 0)
            {
                return null;
            }
            var versym = CheckedSection(sectionIndex, ".gnu.version");
            var dynsym = LinkedSection(versym, ".gnu.version");
            if (dynsym.Type != ShtDynsym)
            {
                throw Malformed(versym.Offset, $".gnu.version links to section type 0x{dynsym.Type:x}, not .dynsym");
            }
            var dynstr = LinkedSection(dynsym, ".dynsym");
            var count = dynsym.Size / SymEntrySize;
            if (versym.Size / 2 != count)
            {
                throw Malformed(versym.Offset, $".gnu.version has {versym.Size / 2} entries but .dynsym has {count} symbols");
            }
            return new VersymTable(this, (int)versym.Offset, (int)dynsym.Offset, dynstr, (int)count);
        }

        internal string ReadString(ReadOnlySpan<byte> elf, Section strtab, long index, string what)
        {
            if (index >= strtab.Size)
            {
                throw Malformed(strtab.Offset, $"{what}: string index {index} lies outside the string table ({strtab.Size} bytes)");
            }
            var start = (int)(strtab.Offset + index);
            var rest = elf.Slice(start, (int)(strtab.Size - index));
            var end = rest.IndexOf((byte)0);
            if (end < 0)
            {
                throw Malformed(start, $"{what}: string is not terminated inside its table");
            }
            return Encoding.UTF8.GetString(rest[..end]);
        }

        private Section CheckedSection(int index, string name)
        {
            var s = _sections[index];
            CheckRange(_length, _source, s.Offset, s.Size, name);
            return s;
        }

        private Section LinkedSection(Section from, string name)
        {
            if (from.Link == 0 || from.Link >= _sections.Length)
            {
                throw Malformed(from.Offset, $"{name} links to section {from.Link}, which does not exist");
            }
            return CheckedSection((int)from.Link, $"section {from.Link} (linked from {name})");
        }

        private void Require(long at, long size, Section within, string what)
        {
            if (at < within.Offset || at + size > within.Offset + within.Size)
            {
                throw Malformed(at, $"{what} lies outside its section");
            }
        }

        private TesseraFormatException Malformed(long at, string problem) => new(_source, $"byte {at}", problem);

        private static void CheckRange(int length, string source, long offset, long size, string what)
        {
            if (offset < 0 || size < 0 || offset > length || size > length - offset)
            {
                throw new TesseraFormatException(source, $"byte {offset}",
                    $"{what} ({size} bytes at offset {offset}) extends past the end of the file ({length} bytes); the file is truncated or malformed");
            }
        }
    }

    private readonly record struct Section(uint Type, uint Link, long Offset, long Size, uint Info);

    private readonly record struct VersymTable(ElfFile File, int VersymOffset, int DynsymOffset, Section Dynstr, int Count)
    {
        public ushort VersionAt(ReadOnlySpan<byte> elf, int i) => BinaryPrimitives.ReadUInt16LittleEndian(elf[(VersymOffset + (2 * i))..]);

        public string NameAt(ReadOnlySpan<byte> elf, int i)
        {
            var nameIndex = BinaryPrimitives.ReadUInt32LittleEndian(elf[(DynsymOffset + (SymEntrySize * i))..]);
            return File.ReadString(elf, Dynstr, nameIndex, $"dynamic symbol {i} name");
        }

        public bool IsDefined(ReadOnlySpan<byte> elf, int i) =>
            BinaryPrimitives.ReadUInt16LittleEndian(elf[(DynsymOffset + (SymEntrySize * i) + 6)..]) != 0;
    }
}
