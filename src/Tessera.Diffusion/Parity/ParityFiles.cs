using System.Globalization;
using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Parity;
using Tessera.Nn.Tensors;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Parity;

/// <summary>Shared helpers of the diffusion parity handlers: manifests, tolerances by manifest key, allclose outcomes.</summary>
internal static class ParityFiles
{
    public const string Area = "diffusion";

    /// <summary>True when the manifest's <c>config</c> object has every one of <paramref name="keys"/>.</summary>
    public static bool ConfigHas(JsonDocument doc, params string[] keys)
        => doc.RootElement.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object
           && keys.All(k => c.TryGetProperty(k, out _));

    public static string GroupName(JsonDocument doc, string directory)
        => doc.RootElement.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : Path.GetFileName(directory);

    /// <summary>The (rtol, atol) the manifest's <c>tolerances</c> gives under <paramref name="key"/> (optionally one level deeper).</summary>
    public static (double Rtol, double Atol) Tolerance(JsonElement root, string key, string? sub = null)
    {
        if (!root.GetProperty("tolerances").TryGetProperty(key, out var t))
        {
            throw new TesseraFormatException($"manifest has no tolerance '{key}'");
        }
        if (sub is not null) { t = t.GetProperty(sub); }
        return (t.GetProperty("rtol").GetDouble(), t.GetProperty("atol").GetDouble());
    }

    public static NdArray Load(string directory, string relative) => Npy.Read(Path.Combine(directory, relative));

    public static Tensor LoadTensor(string directory, string relative) => ImageTensors.ToTensor(Load(directory, relative));

    public static NdArray ToArray(Tensor t) => ImageTensors.ToNdArray(t.contiguous());

    /// <summary>numpy.allclose over the elements where <paramref name="where"/> is true (all when null).</summary>
    public static ParityOutcome AllClose(string name, NdArray actual, NdArray expected, (double Rtol, double Atol) tol, bool[]? where = null)
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
        {
            return new ParityOutcome(ParityStatus.Fail, $"{name}.shape", null, null,
                $"shape [{string.Join(", ", actual.Shape)}] != reference [{string.Join(", ", expected.Shape)}]");
        }
        var a = actual.ToDoubleArray();
        var e = expected.ToDoubleArray();
        var max = 0.0;
        long bad = 0;
        long compared = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (where is not null && !where[i]) { continue; }
            compared++;
            var bothInf = double.IsInfinity(a[i]) && a[i] == e[i];
            var d = bothInf ? 0 : Math.Abs(a[i] - e[i]);
            if (double.IsNaN(d)) { max = double.NaN; }
            else if (d > max) { max = d; }
            if (!(d <= tol.Atol + (tol.Rtol * Math.Abs(e[i])))) { bad++; }
        }
        return new ParityOutcome(bad == 0 ? ParityStatus.Pass : ParityStatus.Fail, $"{name}.max_abs", max, tol.Atol,
            string.Create(CultureInfo.InvariantCulture, $"{bad} of {compared} elements outside atol {tol.Atol} + rtol {tol.Rtol}·|expected|"));
    }

    public static ParityOutcome AllClose(string name, Tensor actual, string directory, string relative, (double Rtol, double Atol) tol, bool[]? where = null)
        => AllClose(name, ToArray(actual), Load(directory, relative), tol, where);

    public static ParityOutcome AllClose(string name, double[] actual, string directory, string relative, (double Rtol, double Atol) tol)
    {
        var expected = Load(directory, relative);
        return AllClose(name, NdArray.FromArray<double>(actual, [.. expected.Shape]), expected, tol);
    }

    /// <summary>Element-wise equality (integer or bit-exact outputs), optionally only where <paramref name="where"/> holds.</summary>
    public static ParityOutcome Exact(string name, NdArray actual, NdArray expected, bool[]? where = null)
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
        {
            return new ParityOutcome(ParityStatus.Fail, $"{name}.shape", null, null,
                $"shape [{string.Join(", ", actual.Shape)}] != reference [{string.Join(", ", expected.Shape)}]");
        }
        var a = actual.ToDoubleArray();
        var e = expected.ToDoubleArray();
        long bad = 0;
        long compared = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (where is not null && !where[i]) { continue; }
            compared++;
            if (a[i] != e[i]) { bad++; }
        }
        return ParityOutcome.Exact($"{name}.mismatches", bad, string.Create(CultureInfo.InvariantCulture, $"{bad} of {compared} compared elements differ"));
    }

    public static ParityOutcome Summarize(IReadOnlyList<ParityOutcome> checks)
    {
        var all = ParityOutcome.All(checks);
        if (all.Status != ParityStatus.Pass) { return all; }
        var worst = checks.Where(c => c.Value is not null && c.Limit is > 0).OrderByDescending(c => c.Value!.Value / c.Limit!.Value).FirstOrDefault() ?? checks[^1];
        var parts = checks.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Metric} {c.Value:G3}"));
        return worst with { Message = $"{checks.Count} checks pass: " + string.Join("; ", parts) };
    }

    public static bool[] Mask(NdArray boolArray) => [.. boolArray.Bytes.ToArray().Select(b => b != 0)];
}
