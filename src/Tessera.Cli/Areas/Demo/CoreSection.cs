using System.Globalization;
using System.Runtime.InteropServices;
using Tessera.Core.Arrays;
using Tessera.Core.Imaging;
using Tessera.Core.Random;
using Tessera.Nn.Runtime;
using TorchSharp;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Demo;

/// <summary>Smoke section: machine, seeded RNG, .npy round trip, image I/O.</summary>
internal sealed class CoreSection : IDemoSection
{
    /// <inheritdoc />
    public string Title => "Core and Nn: runtime smoke test";

    /// <inheritdoc />
    public string Id => "core";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        section.Table(["fact", "value"],
        [
            ["OS", RuntimeInformation.OSDescription],
            [".NET", RuntimeInformation.FrameworkDescription],
            ["processors", Environment.ProcessorCount.ToString(inv)],
        ]);

        var rng = new SeededRandom(42);
        var draws = Enumerable.Range(0, 4).Select(_ => rng.NextDouble().ToString("F6", inv)).ToList();
        section.Paragraph($"xoshiro256** seeded with 42 (stream 0) draws {string.Join(", ", draws)} — the same on every OS and run.");

        var array = NdArray.FromArray<float>(draws.Select(d => float.Parse(d, inv)).ToArray(), 2, 2);
        var npy = Path.Combine(section.SectionDirectory, "draws.npy");
        Npy.Write(npy, array);
        var back = Npy.Read(npy);
        section.Paragraph($"Wrote and re-read {Path.GetFileName(npy)}: {back} equal = {back.Bytes.SequenceEqual(array.Bytes)}.");

        var torchInfo = TorchRuntime.Describe();
        section.Table(["TorchSharp runtime", "value"],
        [
            ["loaded", torchInfo.Loaded ? "yes" : $"no: {torchInfo.Error}"],
            ["shim patched for this libstdc++", torchInfo.Patched ? "yes (GLIBCXX_3.4.32 need made weak)" : "no (not needed)"],
            ["libtorch", torchInfo.LibTorchVersion ?? "?"],
            ["TorchSharp", torchInfo.TorchSharpVersion ?? "?"],
            ["device", "cpu"],
            ["threads", torchInfo.Threads.ToString(inv)],
        ]);
        if (torchInfo.Loaded)
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(42);
            var a = torch.randn(64, 64, requires_grad: true);
            var loss = a.matmul(a).pow(2).mean();
            loss.backward();
            section.Paragraph(string.Create(inv,
                $"torch.randn(64, 64) with manual_seed(42): loss = mean((A·A)²) = {loss.item<float>():F4}; autograd gradient norm = {a.grad!.norm().item<float>():F4}."));
        }

        var image = Pattern(96, 128);
        section.Picture("pattern", image, "a seeded procedural RGB pattern written as PNG through Tessera.Imaging");
    }

    private static Image Pattern(int h, int w)
    {
        var img = Image.Create(h, w, 3, PixelType.UInt8);
        var p = img.Pixels<byte>();
        var rng = new SeededRandom(7);
        var cx = rng.Uniform(0.3, 0.7) * w;
        var cy = rng.Uniform(0.3, 0.7) * h;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = ((y * w) + x) * 3;
                var r = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
                p[i] = (byte)(255 * x / (w - 1));
                p[i + 1] = (byte)(255 * y / (h - 1));
                p[i + 2] = (byte)(r < h / 4.0 ? 255 : 60);
            }
        }
        return img;
    }
}
