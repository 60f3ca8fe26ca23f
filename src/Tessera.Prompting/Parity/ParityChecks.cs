using System.Globalization;
using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using static TorchSharp.torch;

namespace Tessera.Prompting.Parity;

/// <summary>Manifest reading and allclose outcomes shared by the prompting parity handlers.</summary>
internal static class ParityChecks
{
    /// <summary>allclose of a tensor against an <c>.npy</c> file.</summary>
    public static ParityOutcome AllCloseFile(string name, Tensor actual, string npyPath, Tolerance tolerance)
        => ParityOutcome.AllClose(name, ImageTensors.ToNdArray(actual), Npy.Read(npyPath), tolerance.Atol, tolerance.Rtol);

    /// <summary>Bitwise equality of a tensor and a reference (shape and every element).</summary>
    public static ParityOutcome Exact(string name, Tensor actual, Tensor expected)
    {
        if (!actual.shape.SequenceEqual(expected.shape))
        {
            return new ParityOutcome(ParityStatus.Fail, $"{name}.shape", null, null,
                $"shape [{string.Join(", ", actual.shape)}] != reference [{string.Join(", ", expected.shape)}]");
        }
        using var ne = actual.ne(expected);
        var mismatches = ne.sum().item<long>();
        return ParityOutcome.Exact($"{name}.mismatches", mismatches, $"{mismatches} of {actual.numel()} elements differ");
    }

    /// <summary>Every parameter of <paramref name="parameters"/> equals the file's tensor of the same name bitwise.</summary>
    public static IEnumerable<ParityOutcome> ExactWeights(IEnumerable<(string Name, Tensor Value)> parameters, StateDict file, string prefix = "")
    {
        foreach (var (name, value) in parameters)
        {
            yield return file.TryGetValue(prefix + name, out var expected)
                ? Exact($"weights[{prefix}{name}]", value, expected)
                : new ParityOutcome(ParityStatus.Fail, $"weights[{prefix}{name}]", null, null, "missing from the fixture file");
        }
    }

    /// <summary>Combines checks; a passing result names every check's value.</summary>
    public static ParityOutcome Summarize(IReadOnlyList<ParityOutcome> checks)
    {
        var all = ParityOutcome.All(checks);
        if (all.Status != ParityStatus.Pass) { return all; }
        var parts = checks.Where(c => c.Metric.EndsWith(".max_abs", StringComparison.Ordinal))
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Metric} {c.Value:G3} (limit {c.Limit:G3})"));
        var exact = checks.Count(c => !c.Metric.EndsWith(".max_abs", StringComparison.Ordinal));
        return all with { Message = string.Join("; ", parts) + string.Create(CultureInfo.InvariantCulture, $"; {exact} exact checks") };
    }

    /// <summary>A tolerance object <c>{"atol", "rtol"}</c> of a manifest.</summary>
    public static Tolerance ReadTolerance(JsonElement element)
        => new(element.GetProperty("atol").GetDouble(), element.GetProperty("rtol").GetDouble());
}

/// <summary>An allclose tolerance.</summary>
/// <param name="Atol">Absolute part.</param>
/// <param name="Rtol">Relative part.</param>
internal readonly record struct Tolerance(double Atol, double Rtol);
