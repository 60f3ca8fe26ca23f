using System.IO.MemoryMappedFiles;

namespace Tessera.Nn.Weights;

/// <summary>A read-only memory mapping of a safetensors file's data block.</summary>
internal sealed unsafe class MappedSafetensors : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _data;
    private readonly long _length;
    private int _disposed;

    public MappedSafetensors(string path, long dataStart, long dataLength)
    {
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* p = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _data = p + _view.PointerOffset + dataStart;
            _length = dataLength;
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Bytes [begin, begin + length) of the data block (valid until disposal).</summary>
    public ReadOnlySpan<byte> Span(long begin, long length)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (begin < 0 || length < 0 || begin + length > _length || length > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(begin), $"range [{begin}, {begin + length}) is outside the data block or too large for one array");
        }
        return new ReadOnlySpan<byte>(_data + begin, (int)length);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) { return; }
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
