using System.Globalization;
using System.Text;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Nn.Training;

/// <summary>Keeps the per-step metrics and writes them as CSV (atomically). Pictures of them are drawn by whoever shows them.</summary>
internal sealed class MetricsLog
{
    internal const string Header = "step,epoch,loss,learning_rate,grad_norm,samples_per_second,elapsed_seconds";

    private readonly List<TrainingStepMetrics> _rows = [];

    public IReadOnlyList<TrainingStepMetrics> Rows => _rows;

    public void Add(TrainingStepMetrics row) => _rows.Add(row);

    /// <summary>Reads the rows of an earlier run up to <paramref name="lastStep"/>; rows after it belong to steps the checkpoint does not hold.</summary>
    public static MetricsLog ReadUpTo(string path, long lastStep)
    {
        var log = new MetricsLog();
        if (!File.Exists(path))
        {
            return log;
        }
        var lines = File.ReadAllLines(path);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var f = lines[i].Split(',');
            if (f.Length != 7)
            {
                throw new TesseraFormatException(path, $"line {i + 1}", $"expected 7 fields, got {f.Length}");
            }
            var row = new TrainingStepMetrics(
                long.Parse(f[0], CultureInfo.InvariantCulture),
                int.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture),
                f[4].Length == 0 ? null : double.Parse(f[4], CultureInfo.InvariantCulture),
                double.Parse(f[5], CultureInfo.InvariantCulture),
                double.Parse(f[6], CultureInfo.InvariantCulture));
            if (row.Step <= lastStep)
            {
                log.Add(row);
            }
        }
        return log;
    }

    public void WriteCsv(string path)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in _rows)
        {
            sb.Append(r.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(r.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(r.Loss.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(r.LearningRate.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(r.GradNorm?.ToString("R", CultureInfo.InvariantCulture) ?? "").Append(',')
              .Append(r.SamplesPerSecond.ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(r.ElapsedSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
