using System.Globalization;
using Tessera.Core.Errors;

namespace Tessera.Diffusion.Schedules;

/// <summary>
/// Chooses which steps of a T-step process a respaced (shorter) process keeps, as improved-diffusion's
/// <c>respace.space_timesteps</c>: section counts (<c>"10,15,20"</c> strides each third of the process) or
/// <c>"ddimN"</c> (the fixed integer stride of the DDIM paper).
/// </summary>
public static class TimestepSpacing
{
    /// <summary>Returns the kept steps, sorted ascending.</summary>
    /// <param name="steps">T, the number of steps of the original process.</param>
    /// <param name="spec">Comma-separated section counts, or <c>ddimN</c>; empty keeps every step.</param>
    /// <returns>Sorted distinct step indices in [0, T).</returns>
    /// <exception cref="TesseraArgumentException">The spec is malformed, a section is asked for more steps than it has,
    /// or no integer stride gives exactly N steps.</exception>
    public static int[] Parse(int steps, string spec)
    {
        Guard.Positive(steps);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Length == 0) { return [.. Enumerable.Range(0, steps)]; }
        if (spec.StartsWith("ddim", StringComparison.Ordinal))
        {
            var desired = ParseCount(spec["ddim".Length..], spec);
            for (var stride = 1; stride < steps; stride++)
            {
                var count = ((steps - 1) / stride) + 1;
                if (count == desired) { return [.. Enumerable.Range(0, count).Select(i => i * stride)]; }
            }
            // upstream's message prints T, not the requested count
            throw new TesseraArgumentException(nameof(spec), $"cannot create exactly {steps} steps with an integer stride");
        }
        var counts = spec.Split(',').Select(s => ParseCount(s, spec)).ToArray();
        return Sections(steps, counts);
    }

    /// <summary>Strides each of <c>counts.Length</c> nearly equal sections of [0, T) to its count.</summary>
    /// <param name="steps">T.</param>
    /// <param name="counts">Steps to keep per section.</param>
    /// <returns>Sorted distinct step indices.</returns>
    /// <exception cref="TesseraArgumentException">A section has fewer steps than its count.</exception>
    public static int[] Sections(int steps, IReadOnlyList<int> counts)
    {
        Guard.Positive(steps);
        ArgumentNullException.ThrowIfNull(counts);
        Guard.That(counts.Count > 0, nameof(counts), "at least one section count is required");
        var sizePer = steps / counts.Count;
        var extra = steps % counts.Count;
        var start = 0;
        var all = new SortedSet<int>();
        for (var i = 0; i < counts.Count; i++)
        {
            var size = sizePer + (i < extra ? 1 : 0);
            var count = counts[i];
            if (size < count)
            {
                throw new TesseraArgumentException(nameof(counts), $"cannot divide section of {size} steps into {count}");
            }
            var stride = count <= 1 ? 1.0 : (size - 1) / (double)(count - 1);
            var cur = 0.0;
            for (var k = 0; k < count; k++)
            {
                all.Add(start + (int)Math.Round(cur, MidpointRounding.ToEven));
                cur += stride;
            }
            start += size;
        }
        return [.. all];
    }

    private static int ParseCount(string text, string spec)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            throw new TesseraArgumentException(nameof(spec), $"'{spec}' must be comma-separated step counts or ddimN");
        }
        return n;
    }
}
