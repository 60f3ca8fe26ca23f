using System.Globalization;
using System.Text;
using Tessera.Core.Errors;

namespace Tessera.Geometry.IO;

/// <summary>Whitespace tokenizer over an ASCII byte buffer that tracks line numbers for error messages.</summary>
internal ref struct AsciiReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _source;
    private int _pos;
    private int _lineEnd;

    public AsciiReader(ReadOnlySpan<byte> data, string source, int start = 0, int firstLine = 0)
    {
        _data = data;
        _source = source;
        _pos = start;
        _lineEnd = start;
        Line = firstLine;
    }

    /// <summary>1-based number of the current line.</summary>
    public int Line { get; private set; }

    /// <summary>Byte offset of the cursor.</summary>
    public readonly int Position => _pos;

    public readonly bool AtEnd => _lineEnd >= _data.Length && _pos >= _lineEnd;

    /// <summary>Moves to the next line; false at the end of the data.</summary>
    public bool NextLine()
    {
        if (_lineEnd >= _data.Length) { return false; }
        _pos = _lineEnd;
        var rest = _data[_pos..];
        var nl = rest.IndexOf((byte)'\n');
        _lineEnd = nl < 0 ? _data.Length : _pos + nl + 1;
        Line++;
        return true;
    }

    /// <summary>Next token on the current line, or empty.</summary>
    public ReadOnlySpan<byte> Token()
    {
        while (_pos < _lineEnd && IsSpace(_data[_pos])) { _pos++; }
        var start = _pos;
        while (_pos < _lineEnd && !IsSpace(_data[_pos])) { _pos++; }
        return _data[start.._pos];
    }

    /// <summary>Rest of the current line, trimmed.</summary>
    public ReadOnlySpan<byte> RestOfLine()
    {
        var r = _data[_pos.._lineEnd].Trim(" \t\r\n"u8);
        _pos = _lineEnd;
        return r;
    }

    public readonly TesseraFormatException Error(string problem)
        => new(_source, string.Create(CultureInfo.InvariantCulture, $"line {Line}"), problem);

    public double Double(string what)
    {
        var t = Token();
        if (t.IsEmpty) { throw Error($"missing {what}"); }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            throw Error($"{what} '{Encoding.ASCII.GetString(t)}' is not a number");
        }
        return d;
    }

    public long Integer(string what)
    {
        var t = Token();
        if (t.IsEmpty) { throw Error($"missing {what}"); }
        if (!long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            throw Error($"{what} '{Encoding.ASCII.GetString(t)}' is not an integer");
        }
        return v;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or (byte)'\v';
}
