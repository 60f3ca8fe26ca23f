using Tessera.Core.Errors;

namespace Tessera.Diffusion.Divergence;

/// <summary>
/// Divergences between discrete distributions with <c>scipy.stats.entropy</c> semantics (scipy 1.10): both inputs
/// are divided by their sums first; a term with pᵢ = 0 contributes 0; qᵢ = 0 where pᵢ &gt; 0 makes KL(P‖Q) = +∞.
/// </summary>
/// <remarks>Inputs are never modified. Masses must be finite and non-negative with a positive sum; P and Q must have
/// the same length. Violations throw <see cref="TesseraArgumentException"/> naming the argument.</remarks>
public static class KlDivergence
{
    /// <summary>KL(P‖Q) = Σ pᵢ log(pᵢ/qᵢ) over the normalised inputs.</summary>
    /// <param name="p">Masses of P (need not sum to 1).</param>
    /// <param name="q">Masses of Q.</param>
    /// <param name="unit">Nats or bits.</param>
    /// <returns>The divergence, ≥ 0, possibly +∞.</returns>
    /// <exception cref="TesseraArgumentException">Lengths differ, or a mass is negative, NaN or infinite, or a sum is 0.</exception>
    public static double Discrete(ReadOnlySpan<double> p, ReadOnlySpan<double> q, LogBase unit = LogBase.Nats)
    {
        var terms = RelativeEntropyTerms(p, q);
        var sum = 0.0;
        foreach (var t in terms) { sum += t; }
        return Scale(sum, unit);
    }

    /// <summary>The per-element terms of KL(P‖Q) after normalisation (<c>scipy.special.rel_entr(p/Σp, q/Σq)</c>), in nats.</summary>
    /// <param name="p">Masses of P.</param>
    /// <param name="q">Masses of Q.</param>
    /// <returns>pᵢ log(pᵢ/qᵢ); 0 where pᵢ = 0; +∞ where qᵢ = 0 &lt; pᵢ.</returns>
    /// <exception cref="TesseraArgumentException">See <see cref="Discrete"/>.</exception>
    public static double[] RelativeEntropyTerms(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new TesseraArgumentException(nameof(q), $"length {q.Length} must equal the length of p ({p.Length})");
        }
        var pn = Normalize(p, nameof(p));
        var qn = Normalize(q, nameof(q));
        var terms = new double[pn.Length];
        for (var i = 0; i < pn.Length; i++) { terms[i] = RelEntr(pn[i], qn[i]); }
        return terms;
    }

    /// <summary>Shannon entropy H(P) = −Σ pᵢ log pᵢ of the normalised input.</summary>
    /// <param name="p">Masses.</param>
    /// <param name="unit">Nats or bits.</param>
    /// <returns>The entropy.</returns>
    /// <exception cref="TesseraArgumentException">A mass is negative or non-finite, or the sum is 0.</exception>
    public static double Entropy(ReadOnlySpan<double> p, LogBase unit = LogBase.Nats)
    {
        var pn = Normalize(p, nameof(p));
        var sum = 0.0;
        foreach (var v in pn) { sum += v > 0 ? -v * Math.Log(v) : 0.0; }
        return Scale(sum, unit);
    }

    /// <summary>The symmetric (Jeffreys) divergence KL(P‖Q) + KL(Q‖P).</summary>
    /// <param name="p">Masses of P.</param>
    /// <param name="q">Masses of Q.</param>
    /// <param name="unit">Nats or bits.</param>
    /// <returns>The divergence (+∞ when either support is not contained in the other).</returns>
    /// <exception cref="TesseraArgumentException">See <see cref="Discrete"/>.</exception>
    public static double Symmetric(ReadOnlySpan<double> p, ReadOnlySpan<double> q, LogBase unit = LogBase.Nats)
        => Discrete(p, q, unit) + Discrete(q, p, unit);

    /// <summary>The Jensen–Shannon divergence ½KL(P‖M) + ½KL(Q‖M) with M = ½(P + Q) (normalised inputs); always finite,
    /// at most log 2.</summary>
    /// <param name="p">Masses of P.</param>
    /// <param name="q">Masses of Q.</param>
    /// <param name="unit">Nats or bits.</param>
    /// <returns>The divergence in [0, log 2].</returns>
    /// <exception cref="TesseraArgumentException">See <see cref="Discrete"/>.</exception>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q, LogBase unit = LogBase.Nats)
    {
        if (p.Length != q.Length)
        {
            throw new TesseraArgumentException(nameof(q), $"length {q.Length} must equal the length of p ({p.Length})");
        }
        var pn = Normalize(p, nameof(p));
        var qn = Normalize(q, nameof(q));
        var sum = 0.0;
        for (var i = 0; i < pn.Length; i++)
        {
            var m = 0.5 * (pn[i] + qn[i]);
            sum += (0.5 * RelEntr(pn[i], m)) + (0.5 * RelEntr(qn[i], m));
        }
        return Scale(sum, unit);
    }

    /// <summary>Divides masses by their sum after validating them.</summary>
    /// <param name="masses">Non-negative finite masses with a positive sum.</param>
    /// <param name="name">Argument name for errors.</param>
    /// <returns>A new normalised array.</returns>
    /// <exception cref="TesseraArgumentException">A mass is negative, NaN or infinite, the input is empty, or the sum is 0.</exception>
    public static double[] Normalize(ReadOnlySpan<double> masses, string name = "masses")
    {
        if (masses.Length == 0) { throw new TesseraArgumentException(name, "must not be empty"); }
        var sum = 0.0;
        for (var i = 0; i < masses.Length; i++)
        {
            var v = masses[i];
            if (double.IsNaN(v)) { throw new TesseraArgumentException(name, $"element {i} is NaN"); }
            if (double.IsInfinity(v)) { throw new TesseraArgumentException(name, $"element {i} is infinite"); }
            if (v < 0) { throw new TesseraArgumentException(name, $"element {i} is negative ({v}); masses must be ≥ 0"); }
            sum += v;
        }
        if (!(sum > 0)) { throw new TesseraArgumentException(name, "the masses sum to 0"); }
        var result = new double[masses.Length];
        for (var i = 0; i < masses.Length; i++) { result[i] = masses[i] / sum; }
        return result;
    }

    /// <summary>scipy's <c>rel_entr(x, y)</c>: x log(x/y) for x, y &gt; 0; 0 for x = 0, y ≥ 0; +∞ otherwise.</summary>
    internal static double RelEntr(double x, double y)
    {
        if (x > 0 && y > 0) { return x * Math.Log(x / y); }
        if (x == 0 && y >= 0) { return 0.0; }
        return double.PositiveInfinity;
    }

    internal static double Scale(double nats, LogBase unit) => unit == LogBase.Bits ? nats / Math.Log(2.0) : nats;
}
