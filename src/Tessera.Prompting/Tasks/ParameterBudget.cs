using System.Globalization;

namespace Tessera.Prompting.Tasks;

/// <summary>How many values a task stores compared with its frozen backbone.</summary>
/// <param name="Stored">Values in the task file.</param>
/// <param name="Backbone">Values of the backbone.</param>
public sealed record ParameterBudget(long Stored, long Backbone)
{
    /// <summary>Stored ÷ backbone.</summary>
    public double Ratio => Backbone == 0 ? double.PositiveInfinity : (double)Stored / Backbone;

    /// <summary>E.g. <c>1,450 stored / 85,798,656 backbone = 0.0017 %</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Stored:N0} stored / {Backbone:N0} backbone = {Ratio * 100:0.####} %");
}
