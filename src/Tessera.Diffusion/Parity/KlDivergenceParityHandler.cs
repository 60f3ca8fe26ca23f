using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Parity;
using Tessera.Diffusion.Divergence;

namespace Tessera.Diffusion.Parity;

/// <summary>
/// Discrete and Gaussian KL divergences: a folder with a <c>kl_cases.json</c> holding <c>discrete</c> (scipy.stats.entropy
/// values in nats and bits, normalised inputs, per-element terms), <c>gaussian_univariate</c> and
/// <c>gaussian_multivariate</c> cases. Tolerances come from the folder's <c>manifest.json</c>.
/// </summary>
public sealed class KlDivergenceParityHandler : IParityHandler
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <inheritdoc />
    public string Format => "kl-divergence-cases";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        var path = Path.Combine(directory, "kl_cases.json");
        if (!File.Exists(path)) { return null; }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (!root.TryGetProperty("discrete", out var discrete) || !root.TryGetProperty("gaussian_univariate", out var uni)) { return null; }
            var cases = new List<ParityCase>();
            foreach (var c in discrete.GetProperty("cases").EnumerateArray())
            {
                var name = c.GetProperty("name").GetString()!;
                cases.Add(new ParityCase($"discrete/{name}", _ => RunDiscrete(directory, name)));
            }
            var n = uni.GetProperty("cases").GetArrayLength();
            for (var i = 0; i < n; i++)
            {
                var index = i;
                cases.Add(new ParityCase($"gaussian_univariate/{i}", _ => RunUnivariate(directory, index)));
            }
            if (root.TryGetProperty("gaussian_multivariate", out var multi))
            {
                var m = multi.GetProperty("cases").GetArrayLength();
                for (var i = 0; i < m; i++)
                {
                    var index = i;
                    cases.Add(new ParityCase($"gaussian_multivariate/{i}", _ => RunMultivariate(directory, index)));
                }
            }
            using var manifest = ParityManifest.TryRead(directory);
            var group = manifest is null ? Path.GetFileName(directory) : ParityFiles.GroupName(manifest, directory);
            return [new ParityGroup(ParityFiles.Area, group, directory, cases)];
        }
    }

    private static (JsonDocument Cases, (double, double) Discrete, (double, double) Gaussian) Open(string directory)
    {
        using var manifest = ParityManifest.TryRead(directory) ?? throw new Core.Errors.TesseraFormatException($"{directory}/manifest.json is missing (it holds the tolerances)");
        var d = ParityFiles.Tolerance(manifest.RootElement, "discrete kl/entropy (finite)");
        var g = ParityFiles.Tolerance(manifest.RootElement, "gaussian closed forms");
        return (JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "kl_cases.json"))), d, g);
    }

    private static double[] Values(JsonElement e) => e.Deserialize<double[]>(Json)!;

    private static double Number(JsonElement e) => e.Deserialize<double>(Json);

    private static ParityOutcome Close(string name, double actual, double expected, (double Rtol, double Atol) tol)
    {
        if (double.IsInfinity(expected))
        {
            return ParityOutcome.Exact($"{name} = {expected}", actual == expected ? 0 : 1, string.Create(CultureInfo.InvariantCulture, $"got {actual}"));
        }
        var d = Math.Abs(actual - expected);
        var ok = d <= tol.Atol + (tol.Rtol * Math.Abs(expected));
        return new ParityOutcome(ok ? ParityStatus.Pass : ParityStatus.Fail, $"{name}.abs_diff", d, tol.Atol,
            string.Create(CultureInfo.InvariantCulture, $"got {actual:R}, expected {expected:R}"));
    }

    private static ParityOutcome RunDiscrete(string directory, string name)
    {
        var (doc, tol, _) = Open(directory);
        using (doc)
        {
            var c = doc.RootElement.GetProperty("discrete").GetProperty("cases").EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
            var checks = new List<ParityOutcome>();
            var p = c.GetProperty("p");
            var columns = p[0].ValueKind == JsonValueKind.Array;
            var pCols = Columns(p, columns);
            var qCols = Columns(c.GetProperty("q"), columns);
            var pNormCols = Columns(c.GetProperty("p_normalized"), columns);
            var termCols = Columns(c.GetProperty("rel_entr_normalized"), columns);
            for (var j = 0; j < pCols.Count; j++)
            {
                var suffix = columns ? $"[{j}]" : "";
                double Expect(string key) => columns ? Number(c.GetProperty(key)[j]) : Number(c.GetProperty(key));
                var pn = KlDivergence.Normalize(pCols[j], "p");
                for (var i = 0; i < pn.Length; i++) { checks.Add(Close($"p_normalized{suffix}[{i}]", pn[i], pNormCols[j][i], tol)); }
                var terms = KlDivergence.RelativeEntropyTerms(pCols[j], qCols[j]);
                for (var i = 0; i < terms.Length; i++) { checks.Add(Close($"rel_entr{suffix}[{i}]", terms[i], termCols[j][i], tol)); }
                checks.Add(Close($"kl_pq_nats{suffix}", KlDivergence.Discrete(pCols[j], qCols[j]), Expect("kl_pq_nats"), tol));
                checks.Add(Close($"kl_pq_bits{suffix}", KlDivergence.Discrete(pCols[j], qCols[j], LogBase.Bits), Expect("kl_pq_bits"), tol));
                checks.Add(Close($"kl_qp_nats{suffix}", KlDivergence.Discrete(qCols[j], pCols[j]), Expect("kl_qp_nats"), tol));
                checks.Add(Close($"kl_qp_bits{suffix}", KlDivergence.Discrete(qCols[j], pCols[j], LogBase.Bits), Expect("kl_qp_bits"), tol));
                checks.Add(Close($"entropy_p_nats{suffix}", KlDivergence.Entropy(pCols[j]), Expect("entropy_p_nats"), tol));
                checks.Add(Close($"entropy_p_bits{suffix}", KlDivergence.Entropy(pCols[j], LogBase.Bits), Expect("entropy_p_bits"), tol));
            }
            return ParityFiles.Summarize(checks);
        }
    }

    /// <summary>A 1-D list as one column, or a 2-D list (rows) reduced along axis 0 as its columns.</summary>
    private static List<double[]> Columns(JsonElement e, bool columns)
    {
        if (!columns) { return [Values(e)]; }
        var rows = e.EnumerateArray().Select(Values).ToList();
        return [.. Enumerable.Range(0, rows[0].Length).Select(j => rows.Select(r => r[j]).ToArray())];
    }

    private static ParityOutcome RunUnivariate(string directory, int index)
    {
        var (doc, _, tol) = Open(directory);
        using (doc)
        {
            var c = doc.RootElement.GetProperty("gaussian_univariate").GetProperty("cases")[index];
            double G(string k) => Number(c.GetProperty(k));
            return ParityFiles.Summarize(
            [
                Close("kl_nats", GaussianKl.Univariate(G("mean1"), G("std1"), G("mean2"), G("std2")), G("kl_nats"), tol),
                Close("kl_bits", GaussianKl.Univariate(G("mean1"), G("std1"), G("mean2"), G("std2"), LogBase.Bits), G("kl_bits"), tol),
                Close("kl_nats_logvar_form", GaussianKl.FromLogVariance(G("mean1"), G("logvar1"), G("mean2"), G("logvar2")), G("kl_nats_logvar_form"), tol),
                Close("kl_reverse_nats", GaussianKl.Univariate(G("mean2"), G("std2"), G("mean1"), G("std1")), G("kl_reverse_nats"), tol),
            ]);
        }
    }

    private static ParityOutcome RunMultivariate(string directory, int index)
    {
        var (doc, _, tol) = Open(directory);
        using (doc)
        {
            var c = doc.RootElement.GetProperty("gaussian_multivariate").GetProperty("cases")[index];
            var m1 = Values(c.GetProperty("mean1"));
            var m2 = Values(c.GetProperty("mean2"));
            var s1 = Matrix(c.GetProperty("cov1"));
            var s2 = Matrix(c.GetProperty("cov2"));
            return ParityFiles.Summarize(
            [
                Close("kl_nats", GaussianKl.Multivariate(m1, s1, m2, s2), Number(c.GetProperty("kl_nats")), tol),
                Close("kl_reverse_nats", GaussianKl.Multivariate(m2, s2, m1, s1), Number(c.GetProperty("kl_reverse_nats")), tol),
            ]);
        }
    }

    private static double[,] Matrix(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(Values).ToList();
        var m = new double[rows.Count, rows[0].Length];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < rows[i].Length; j++) { m[i, j] = rows[i][j]; }
        }
        return m;
    }
}
