using Tessera.Core.Errors;

namespace Tessera.Nn.Weights;

/// <summary>A strict load found missing, unexpected or mis-shaped keys; nothing was copied.</summary>
public sealed class IncompatibleWeightsException : TesseraArgumentException
{
    /// <summary>Creates the exception from a load report.</summary>
    /// <param name="paramName">The argument that held the weights.</param>
    /// <param name="report">What the load found.</param>
    public IncompatibleWeightsException(string paramName, LoadReport report)
        : base(paramName, $"the checkpoint does not match the model: {report?.Describe() ?? "no report"} (StateDictLoader.Load(module, weights, strict: false) loads only the matching keys)")
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>The full report.</summary>
    public LoadReport Report { get; }
}
