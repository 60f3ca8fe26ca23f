using Tessera.Core.Imaging;
using Tessera.Imaging;

namespace Tessera.Data.World;

/// <summary>The scikit-image sample photos used as backgrounds, loaded once per world (read-only after loading).</summary>
internal sealed class PhotoLibrary
{
    public const string DebianSkimageData = "/usr/lib/python3/dist-packages/skimage/data";

    private static readonly string[] Names =
    [
        "astronaut.png", "brick.png", "camera.png", "chelsea.png", "coffee.png", "coins.png", "grass.png", "gravel.png",
        "hubble_deep_field.jpg", "moon.png", "rocket.jpg", "text.png",
    ];

    private PhotoLibrary(IReadOnlyList<(byte[] Rgb, int Height, int Width)> photos) => Photos = photos;

    public IReadOnlyList<(byte[] Rgb, int Height, int Width)> Photos { get; }

    public static PhotoLibrary Load(string? directory)
    {
        var dir = directory ?? DebianSkimageData;
        var photos = new List<(byte[], int, int)>();
        if (Directory.Exists(dir))
        {
            foreach (var name in Names)
            {
                var path = Path.Combine(dir, name);
                if (!File.Exists(path)) { continue; }
                using var image = ImageFile.Read(path);
                if (image.PixelType != PixelType.UInt8) { continue; }
                var src = image.Pixels<byte>();
                var n = image.Height * image.Width;
                var rgb = new byte[n * 3];
                for (var i = 0; i < n; i++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        rgb[(3 * i) + c] = src[(i * image.Channels) + (image.Channels >= 3 ? c : 0)];
                    }
                }
                photos.Add((rgb, image.Height, image.Width));
            }
        }
        return new PhotoLibrary(photos);
    }
}
