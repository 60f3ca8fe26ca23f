namespace Tessera.Core.IO;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the destination folder, which is
/// flushed and then renamed over the destination. A crash or exception never leaves a half-written file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes a file through a callback that fills a stream.</summary>
    /// <param name="path">Destination path; its folder is created if missing.</param>
    /// <param name="write">Writes the whole content to the given stream.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            // the temporary name means nothing to the caller: the error names the output path
            var message = $"cannot write '{path}': {e.Message.Replace(temp, full, StringComparison.Ordinal)}";
            throw e is UnauthorizedAccessException ? new UnauthorizedAccessException(message, e) : new IOException(message, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes bytes atomically.</summary>
    /// <param name="path">Destination path.</param>
    /// <param name="bytes">The content.</param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) atomically.</summary>
    /// <param name="path">Destination path.</param>
    /// <param name="text">The content.</param>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(text);
        });
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
