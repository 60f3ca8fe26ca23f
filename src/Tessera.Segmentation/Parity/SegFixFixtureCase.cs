using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;

namespace Tessera.Segmentation.Parity;

/// <summary>One case folder of the SegFix fixtures: its manifest, label map and arrays.</summary>
internal sealed class SegFixFixtureCase
{
    private readonly string _dir;

    private SegFixFixtureCase(string dir, JsonElement manifest, LabelMap label)
    {
        _dir = dir;
        Manifest = manifest;
        Label = label;
    }

    public JsonElement Manifest { get; }

    public LabelMap Label { get; }

    public static SegFixFixtureCase Load(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        return new SegFixFixtureCase(dir, doc.RootElement.Clone(), LabelMap.FromNdArray(Tessera.Core.Arrays.Npy.Read(Path.Combine(dir, "label.npy"))));
    }

    public bool Has(string file) => File.Exists(Path.Combine(_dir, file));

    public NdArray Npy(string file) => Tessera.Core.Arrays.Npy.Read(Path.Combine(_dir, file));

    /// <summary>The generator's settings: it loops over all 19 train ids whatever the case's class count (labels above
    /// the case's count never occur, so the result is the same).</summary>
    public SegFixOptions Options(int kernelSize)
        => new() { KernelSize = kernelSize, NumClasses = Math.Max(19, Manifest.GetProperty("n_classes").GetInt32()) };

    public double Atol(string file) => Manifest.GetProperty("tolerances").GetProperty(file).GetProperty("atol").GetDouble();

    public double SobelAtol(int k) => Manifest.GetProperty("ksizes").GetProperty(k.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .GetProperty("sobel_atol").GetDouble();

    public List<int> IntList(string key) => [.. Manifest.GetProperty(key).EnumerateArray().Select(e => e.GetInt32())];
}
