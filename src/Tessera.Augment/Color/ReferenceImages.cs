using System.Collections.Concurrent;
using Tessera.Core.Imaging;
using Tessera.Imaging;

namespace Tessera.Augment.Color;

/// <summary>Reference image files of FDA / HistogramMatching, read (as RGB) on first use and cached; thread-safe.</summary>
internal sealed class ReferenceImages(IReadOnlyList<string> files)
{
    private readonly ConcurrentDictionary<int, Image> _cache = new();

    public Image Get(int index)
    {
        Tessera.Core.Errors.Guard.That(index >= 0 && index < files.Count, "reference_index", $"must lie in [0, {files.Count - 1}]");
        return _cache.GetOrAdd(index, i => ImageFile.Read(files[i]));
    }
}
