namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// GPT-2/CLIP's reversible byte ↔ symbol table (<c>bytes_to_unicode()</c> in openai/CLIP
/// <c>simple_tokenizer.py</c>): printable bytes 33–126, 161–172 and 174–255 stand for themselves; the other 68
/// bytes, in increasing order, map to code points 256, 257, …
/// </summary>
internal static class ByteSymbols
{
    /// <summary>Symbol (a BMP char) of each byte value.</summary>
    public static readonly char[] OfByte = Build();

    /// <summary>Byte value of each symbol (the inverse of <see cref="OfByte"/>).</summary>
    public static readonly IReadOnlyDictionary<char, byte> ByteOf = OfByte.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    /// <summary>Byte values in vocabulary order: the printable bytes first, then the remapped ones.</summary>
    public static IEnumerable<int> VocabularyOrder()
    {
        foreach (var b in PrintableBytes()) { yield return b; }
        var printable = new HashSet<int>(PrintableBytes());
        for (var b = 0; b < 256; b++)
        {
            if (!printable.Contains(b)) { yield return b; }
        }
    }

    private static IEnumerable<int> PrintableBytes()
    {
        for (var b = 33; b <= 126; b++) { yield return b; }
        for (var b = 161; b <= 172; b++) { yield return b; }
        for (var b = 174; b <= 255; b++) { yield return b; }
    }

    private static char[] Build()
    {
        var map = new char[256];
        var next = 256;
        foreach (var b in VocabularyOrder())
        {
            var printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }
}
