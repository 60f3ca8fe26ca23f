namespace Tessera.Geometry.IO;

/// <summary>A write-only stream that checks a cancellation token before each write it forwards (format writers buffer, so once per buffer).</summary>
internal sealed class CancellableWriteStream(Stream inner, CancellationToken cancellationToken) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(buffer);
    }
}
