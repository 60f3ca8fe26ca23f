using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Imaging;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>Image files ↔ tensors in [−1, 1] for the diffusion commands (the library itself reads no files).</summary>
internal static class DiffusionImages
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".pgm"];

    /// <summary>The image files of a folder, sorted by name.</summary>
    public static IReadOnlyList<string> List(string folder, string option)
    {
        if (!Directory.Exists(folder)) { throw new TesseraArgumentException(option, $"folder '{folder}' does not exist"); }
        var files = Directory.EnumerateFiles(folder).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) { throw new TesseraArgumentException(option, $"folder '{folder}' holds no PNG/JPEG images"); }
        return files;
    }

    /// <summary>Reads an image as [C, size, size] in [−1, 1]: grey or RGB, centred on a black canvas (padded, e.g. 28 → 32)
    /// or nearest-resized when larger.</summary>
    public static Tensor Load(string path, int channels, int size)
    {
        using var image = ImageFile.Read(path);
        Guard.That(image.PixelType == PixelType.UInt8, "--images", $"'{path}' must be an 8-bit image");
        using var scope = NewDisposeScope();
        var hwc = tensor(image.Bytes.ToArray(), [image.Height, image.Width, image.Channels]).to_type(ScalarType.Float32);
        var chw = hwc.permute(2, 0, 1);
        if (chw.shape[0] != channels)
        {
            chw = channels == 1 ? chw.mean([0], keepdim: true) : chw[..1].expand(3, -1, -1);
        }
        if (image.Height > size || image.Width > size)
        {
            chw = nn.functional.interpolate(chw.unsqueeze(0), size: [size, size], mode: InterpolationMode.Nearest)[0];
        }
        var canvas = zeros(channels, size, size);
        var top = (size - chw.shape[1]) / 2;
        var left = (size - chw.shape[2]) / 2;
        canvas[.., TensorIndex.Slice(top, top + chw.shape[1]), TensorIndex.Slice(left, left + chw.shape[2])] = chw;
        return ((canvas / 127.5f) - 1).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="WriteGrid"/> with ⌈√N⌉ columns, creating the file's folder first (the grids of sample and score).</summary>
    public static void WriteSquareGrid(string path, Tensor images)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) { Directory.CreateDirectory(dir); }
        WriteGrid(path, images, (int)Math.Ceiling(Math.Sqrt(images.shape[0])));
    }

    /// <summary>Writes [N, C, H, W] in [−1, 1] as a grid PNG (atomically), <paramref name="columns"/> per row, 2-pixel gaps.</summary>
    public static void WriteGrid(string path, Tensor images, int columns)
    {
        using var scope = NewDisposeScope();
        var n = (int)images.shape[0];
        var c = (int)images.shape[1];
        var h = (int)images.shape[2];
        var w = (int)images.shape[3];
        var rows = (n + columns - 1) / columns;
        const int gap = 2;
        var gh = (rows * (h + gap)) + gap;
        var gw = (columns * (w + gap)) + gap;
        var pixels = ((images.clamp(-1, 1) + 1) * 127.5f).round().to_type(ScalarType.Byte).permute(0, 2, 3, 1).contiguous();
        var bytes = pixels.data<byte>().ToArray();
        var outChannels = c == 1 ? 1 : 3;
        var grid = new byte[gh * gw * outChannels];
        Array.Fill(grid, (byte)64);
        for (var i = 0; i < n; i++)
        {
            var r0 = gap + ((i / columns) * (h + gap));
            var c0 = gap + ((i % columns) * (w + gap));
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    for (var k = 0; k < outChannels; k++)
                    {
                        grid[((((r0 + y) * gw) + c0 + x) * outChannels) + k] = bytes[(((((i * h) + y) * w) + x) * c) + Math.Min(k, c - 1)];
                    }
                }
            }
        }
        using var image = Image.FromPixels<byte>(grid, gh, gw, outChannels, keep2D: outChannels == 1);
        var tmp = path + ".tmp.png";
        ImageFile.Write(tmp, image);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Writes an int64 [H, W] label map as an 8-bit grey PNG (atomically).</summary>
    public static void WriteLabels(string path, Tensor labels, float scale = 1)
    {
        using var scope = NewDisposeScope();
        var h = (int)labels.shape[0];
        var w = (int)labels.shape[1];
        var bytes = (labels.to_type(ScalarType.Float32) * scale).clamp(0, 255).round().to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        using var image = Image.FromPixels<byte>(bytes, h, w, 1, keep2D: true);
        var tmp = path + ".tmp.png";
        ImageFile.Write(tmp, image);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a label PNG as int64 [H, W]: palette PNGs (e.g. tessera world generate's masks/semantic) give their indices, other files their first channel.</summary>
    public static Tensor LoadLabels(string path, int size)
    {
        using var image = ImageFile.ReadLabels(path);
        using var scope = NewDisposeScope();
        var hwc = tensor(image.Bytes.ToArray(), [image.Height, image.Width, image.Channels]).to_type(ScalarType.Int64)[.., .., 0];
        if (image.Height != size || image.Width != size)
        {
            hwc = nn.functional.interpolate(hwc.to_type(ScalarType.Float32).unsqueeze(0).unsqueeze(0), size: [size, size], mode: InterpolationMode.Nearest)[0, 0]
                .to_type(ScalarType.Int64);
        }
        return hwc.contiguous().MoveToOuterDisposeScope();
    }
}
