using System.IO.Compression;
using Tessera.Core.Errors;
using Tessera.Nn.Runtime;

namespace Tessera.Nn.Weights;

/// <summary>
/// Reads weight files into a <see cref="StateDict"/>: safetensors, <c>torch.save</c> state dicts
/// (<c>.pt</c>/<c>.pth</c>/<c>.bin</c>) and TorchScript archives (OpenAI's released CLIP <c>.pt</c>). The format is
/// detected from the content, not the extension.
/// </summary>
/// <remarks>
/// Tensors are read from the file straight into their native buffers, one at a time, so a checkpoint needs about
/// its own size in memory, not twice that. Names are kept exactly as stored; converters (e.g.
/// <c>ClipCheckpoint.ToOpenAi</c>) map foreign layouts afterwards.
/// </remarks>
public static class CheckpointReader
{
    /// <summary>File names tried, in order, when a folder is given.</summary>
    public static IReadOnlyList<string> FolderCandidates { get; } =
        ["model.safetensors", "pytorch_model.bin", "open_clip_pytorch_model.bin", "model.pt", "model.pth"];

    /// <summary>Reads every tensor of a weight file (or of the first known weight file in a folder).</summary>
    /// <param name="path">A file, or a folder holding one of <see cref="FolderCandidates"/> or a single
    /// <c>.safetensors</c>/<c>.pt</c>/<c>.pth</c>/<c>.bin</c> file.</param>
    /// <returns>A new state dict the caller owns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraArgumentException">A folder holds no (or more than one) candidate weight file.</exception>
    /// <exception cref="TesseraFormatException">The content is in no supported format or is damaged.</exception>
    public static StateDict Read(string path)
    {
        var file = ResolveFile(path);
        TorchRuntime.EnsureLoaded();
        return Detect(file) switch
        {
            CheckpointFormat.Safetensors => StateDictFileIo.Read(file).Tensors,
            CheckpointFormat.TorchScript => TorchScriptReader.Read(file),
            _ => TorchPickleReader.Read(file),
        };
    }

    /// <summary>Reads a safetensors file's tensors together with its <c>__metadata__</c> strings.</summary>
    /// <param name="path">A safetensors file.</param>
    /// <returns>A new state dict the caller owns (header order), and the metadata (empty when there is none).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraFormatException">The file is not valid safetensors, or holds a dtype TorchSharp cannot.</exception>
    public static (StateDict Tensors, IReadOnlyDictionary<string, string> Metadata) ReadSafetensors(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        return StateDictFileIo.Read(path);
    }

    /// <summary>
    /// Reads safetensors content from a stream (e.g. weights embedded in an assembly as a manifest resource), with
    /// its <c>__metadata__</c> strings. The stream is read from its start and not disposed; a stream that cannot seek
    /// is first copied to memory.
    /// </summary>
    /// <param name="stream">The content.</param>
    /// <param name="source">Names the content in error messages (a resource name or a path).</param>
    /// <returns>A new state dict the caller owns (header order), and the metadata (empty when there is none).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="TesseraFormatException">The content is not valid safetensors, or holds a dtype TorchSharp cannot.</exception>
    public static (StateDict Tensors, IReadOnlyDictionary<string, string> Metadata) ReadSafetensors(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        TorchRuntime.EnsureLoaded();
        if (stream.CanSeek)
        {
            return StateDictFileIo.Read(stream, source);
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return StateDictFileIo.Read(copy, source);
    }

    /// <summary>Finds the weight file a path names (a file, or the weight file inside a folder).</summary>
    /// <param name="path">File or folder.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">Neither a file nor a folder exists there.</exception>
    /// <exception cref="TesseraArgumentException">A folder holds no, or several, candidate weight files.</exception>
    public static string ResolveFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path)) { return path; }
        if (!Directory.Exists(path)) { throw new FileNotFoundException($"weights '{path}' do not exist", path); }
        foreach (var name in FolderCandidates)
        {
            var f = Path.Combine(path, name);
            if (File.Exists(f)) { return f; }
        }
        var found = Directory.EnumerateFiles(path)
            .Where(f => f.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".pt", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".pth", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        Guard.That(found.Count == 1, nameof(path),
            found.Count == 0 ? $"folder '{path}' holds no weight file (.safetensors, .pt, .pth, .bin)"
                             : $"folder '{path}' holds several weight files ({string.Join(", ", found.Select(Path.GetFileName))}); name one");
        return found[0];
    }

    /// <summary>Detects a weight file's format from its first bytes (and, for zip archives, its entries).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TesseraFormatException">The file is in no supported format.</exception>
    public static CheckpointFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { throw new FileNotFoundException($"weights '{path}' do not exist", path); }
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> head = stackalloc byte[9];
        var n = s.Read(head);
        if (n >= 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04)
        {
            s.Position = 0;
            try
            {
                using var zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: true);
                var script = zip.Entries.Any(e => e.FullName.EndsWith("/constants.pkl", StringComparison.Ordinal)
                                                  || e.FullName.Contains("/code/", StringComparison.Ordinal));
                return script ? CheckpointFormat.TorchScript : CheckpointFormat.TorchPickle;
            }
            catch (InvalidDataException e)
            {
                throw new TesseraFormatException(path, null, $"damaged zip archive: {e.Message}");
            }
        }
        if (n == 9 && head[8] == (byte)'{')
        {
            return CheckpointFormat.Safetensors;
        }
        if (n >= 2 && head[0] == 0x80)
        {
            throw new TesseraFormatException(path, "byte 0", "a bare pickle: torch.save files from before PyTorch 1.6 (legacy format) are not supported; re-save with a newer PyTorch");
        }
        throw new TesseraFormatException(path, "byte 0", "not a safetensors file, torch.save zip archive or TorchScript archive");
    }
}
