using Tessera.Core.Progress;
using Tessera.Data.Folders;
using Tessera.Data.Synthetic;
using Tessera.Segmentation.SegFix;

namespace Tessera.Dense.SegFix;

/// <summary>Builds SegFix training samples from a folder of image/label pairs or from seeded synthetic scenes.</summary>
public static class SegFixData
{
    /// <summary>Class count used for synthetic scenes' targets: the street layout uses Cityscapes train ids (19).</summary>
    public const int SyntheticClasses = 19;

    /// <summary>
    /// <paramref name="count"/> seeded synthetic scenes: every fourth is a street layout (<see cref="ShapeScenes.Street"/>),
    /// the others shape scenes (<see cref="ShapeScenes.Generate"/>, 6 classes, 8 shapes, sometimes an ignore blob), each
    /// rendered to RGB by <see cref="SceneRenderer"/>. Scene i depends only on (seed, i).
    /// </summary>
    /// <param name="count">Number of scenes (≥ 1).</param>
    /// <param name="height">Rows (≥ 32).</param>
    /// <param name="width">Columns (≥ 32).</param>
    /// <param name="seed">Seed.</param>
    /// <param name="config">Network configuration (preprocessing, bins).</param>
    /// <param name="workers">Threads computing targets (the result does not depend on it).</param>
    /// <param name="progress">Receives one report per scene; may be null.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The samples in scene order.</returns>
    /// <exception cref="Core.Errors.TesseraArgumentException">A size or count is out of range.</exception>
    public static IReadOnlyList<SegFixSample> Synthetic(int count, int height, int width, ulong seed, SegFixConfig config, int workers = 1,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        Core.Errors.Guard.That(count >= 1, nameof(count), $"must be ≥ 1 (got {count})");
        Core.Errors.Guard.That(height >= 32 && width >= 32, nameof(height), $"scenes must be at least 32×32 (got {height}×{width})");
        var options = GroundTruthOptions(SyntheticClasses);
        var shapes = new ShapeSceneOptions { Height = height, Width = width, NumClasses = 6, Shapes = 8, IgnoreFraction = 0.2 };
        return Build(count, workers, i =>
        {
            var labels = i % 4 == 3 ? ShapeScenes.Street(height, width, seed, i) : ShapeScenes.Generate(shapes, seed, i);
            var image = SceneRenderer.Render(labels, seed, i);
            return SegFixSample.Create($"scene_{i:D4}", image, labels, config, options);
        }, progress, cancellationToken);
    }

    /// <summary>All pairs of an <see cref="ImageLabelFolder"/> (<c>DIR/images</c>, <c>DIR/labels</c>).</summary>
    /// <param name="directory">The dataset folder.</param>
    /// <param name="groundTruth">Ground-truth settings (class count and ignore label of the dataset).</param>
    /// <param name="config">Network configuration.</param>
    /// <param name="workers">Threads.</param>
    /// <param name="progress">One report per pair; may be null.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The samples in name order.</returns>
    /// <exception cref="DirectoryNotFoundException">Missing folder.</exception>
    /// <exception cref="Core.Errors.TesseraFormatException">Unpaired or unreadable files (named).</exception>
    /// <exception cref="Core.Errors.TesseraArgumentException">A label outside [0, N) other than the ignore label (the file is named).</exception>
    public static IReadOnlyList<SegFixSample> Folder(string directory, SegFixOptions groundTruth, SegFixConfig config, int workers = 1,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(config);
        var pairs = ImageLabelFolder.List(directory);
        return Build(pairs.Count, workers, i =>
        {
            var (image, labels) = ImageLabelFolder.Read(pairs[i]);
            try
            {
                return SegFixSample.Create(pairs[i].Name, image, labels, config, groundTruth);
            }
            catch (Core.Errors.TesseraArgumentException e)
            {
                throw new Core.Errors.TesseraArgumentException(pairs[i].LabelPath, e.Message);
            }
        }, progress, cancellationToken);
    }

    /// <summary>SegFix's default ground-truth settings for a class count (k = 5, boundary = distance ≤ 5, ignore 255).</summary>
    /// <param name="numClasses">Number of classes.</param>
    /// <returns>The options.</returns>
    public static SegFixOptions GroundTruthOptions(int numClasses) => new() { NumClasses = numClasses };

    private static SegFixSample[] Build(int count, int workers, Func<int, SegFixSample> make, IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        Core.Errors.Guard.That(workers >= 1, nameof(workers), $"must be ≥ 1 (got {workers})");
        var samples = new SegFixSample[count];
        var done = 0L;
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, i =>
            {
                samples[i] = make(i);
                progress?.Report(new ProgressReport("targets", Interlocked.Increment(ref done), count));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the first failing sample's own typed error (it names the file), not the aggregate.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return samples;
    }
}
