using System.Text.Json.Nodes;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// The shared engine of <see cref="Compose"/> and <see cref="ReplayCompose"/>: validates a sample, converts
/// boxes and keypoints to the internal formats, runs the children (filtering boxes / keypoints after each
/// when the params say so), filters once more and converts back.
/// </summary>
public abstract class ComposeBase : TransformGroup
{
    private protected ComposeBase(IEnumerable<ITransform> transforms, BboxParams? bboxParams, KeypointParams? keypointParams,
        IReadOnlyDictionary<string, string>? additionalTargets, double p, bool isCheckShapes) : base(transforms, p)
    {
        bboxParams?.Validate();
        BboxParams = bboxParams;
        KeypointParams = keypointParams;
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in additionalTargets ?? new Dictionary<string, string>())
        {
            Guard.That(v is "image" or "mask", nameof(additionalTargets),
                $"target '{k}' has type '{v}'; supported additional target types: image, mask");
            Guard.That(k is not ("image" or "mask" or "masks" or "bboxes" or "keypoints"), nameof(additionalTargets), $"'{k}' is a built-in target name");
            extra[k] = v;
        }
        AdditionalTargets = extra;
        IsCheckShapes = isCheckShapes;
    }

    /// <summary>Box handling, or null when the pipeline takes no boxes.</summary>
    public BboxParams? BboxParams { get; }

    /// <summary>Keypoint handling, or null when the pipeline takes no keypoints.</summary>
    public KeypointParams? KeypointParams { get; }

    /// <summary>Additional targets: name → <c>image</c> or <c>mask</c>.</summary>
    public IReadOnlyDictionary<string, string> AdditionalTargets { get; }

    /// <summary>Whether image and mask sizes must agree.</summary>
    public bool IsCheckShapes { get; }

    /// <summary>Applies the pipeline to a sample, drawing randomness from <paramref name="random"/>.</summary>
    /// <param name="sample">The input (not changed).</param>
    /// <param name="random">The random stream for this sample.</param>
    /// <returns>A new sample.</returns>
    /// <exception cref="TesseraArgumentException">The sample is invalid for this pipeline (sizes, boxes, keypoints, labels).</exception>
    public Sample Apply(Sample sample, IRandom random) => ApplyWithRecord(sample, random).Sample;

    /// <summary>Applies the pipeline with a seed (stream 0 of <see cref="SeededRandom"/>).</summary>
    /// <param name="sample">The input (not changed).</param>
    /// <param name="seed">The seed.</param>
    /// <returns>A new sample.</returns>
    public Sample Apply(Sample sample, ulong seed) => Apply(sample, new SeededRandom(seed));

    /// <summary>Applies the pipeline and returns what each node did (for replay on other samples).</summary>
    /// <param name="sample">The input (not changed).</param>
    /// <param name="random">The random stream.</param>
    /// <returns>The output and the replay record.</returns>
    public (Sample Sample, ReplayRecord Record) ApplyWithRecord(Sample sample, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ReplayRecord? record = null;
        var output = Execute(sample, ws =>
        {
            var run = random.NextDouble() < Probability;
            record = run ? RunAll(ws, random, false, AfterEach) : AllSkipped();
        });
        return (output, record!);
    }

    /// <summary>Applies recorded parameters (from <see cref="ApplyWithRecord"/> or a serialized replay) to a sample.</summary>
    /// <param name="sample">The input (not changed).</param>
    /// <param name="record">A record of this pipeline.</param>
    /// <returns>A new sample.</returns>
    public Sample Replay(Sample sample, ReplayRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Guard.That(record.Children.Count == Children.Count, nameof(record), $"has {record.Children.Count} children, the pipeline {Children.Count}");
        return Execute(sample, ws =>
        {
            if (!record.Applied)
            {
                return;
            }
            for (var i = 0; i < Children.Count; i++)
            {
                Children[i].Replay(ws, record.Children[i]);
                AfterEach(ws);
            }
        });
    }

    /// <summary>
    /// Applies the pipeline to many samples in parallel. Sample <c>i</c> draws from stream <c>i</c> of
    /// <paramref name="seed"/>, so the output does not depend on <paramref name="workers"/> or scheduling.
    /// </summary>
    /// <param name="samples">The inputs.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="workers">Maximum parallel workers (≥ 1).</param>
    /// <param name="cancellationToken">Stops between samples.</param>
    /// <returns>The outputs, in input order.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="workers"/> &lt; 1.</exception>
    public IReadOnlyList<Sample> ApplyBatch(IReadOnlyList<Sample> samples, ulong seed, int workers = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Guard.That(workers >= 1, nameof(workers), $"must be ≥ 1 (got {workers})");
        var results = new Sample[samples.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        Parallel.For(0, samples.Count, options, i => results[i] = ApplyAt(samples, seed, i));
        return results;
    }

    /// <summary>
    /// Outputs <see cref="ApplyStream"/> computes ahead per worker by default. With 4 (the earlier default) two workers on
    /// the benchmark pipeline spent 2–4 % of their time waiting for the window while the consumer finished a slow sample;
    /// with 16, 0.7–2 %; with 32, about 0.1 % (a PyTorch data loader keeps two batches per worker, often 64 samples).
    /// </summary>
    public const int DefaultPrefetchPerWorker = 32;

    /// <summary>
    /// Applies the pipeline to many samples on worker threads and yields the outputs in input order as they become
    /// ready, computing at most <paramref name="prefetch"/> ahead of the consumer (as a training loop's data loader
    /// does). Sample <c>i</c> draws from stream <c>i</c> of <paramref name="seed"/>, so the outputs equal
    /// <see cref="ApplyBatch"/>'s for any <paramref name="workers"/>. Dispose each output when done with it to keep
    /// memory flat (<see cref="Sample.Dispose"/>); outputs not yet yielded when you stop early are disposed for you. The
    /// calling thread is one of the workers; the others are background threads kept between calls (a data loader's
    /// persistent workers: an epoch does not pay for starting threads), which end after 20 s without work.
    /// </summary>
    /// <param name="samples">The inputs (not changed).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="workers">Worker threads (≥ 1), the calling thread included.</param>
    /// <param name="prefetch">Outputs computed ahead of the consumer (≥ 1; 0 = <see cref="DefaultPrefetchPerWorker"/> per
    /// worker). Memory grows with it (that many outputs at most wait for the consumer); too small a window stalls the
    /// workers whenever one sample of a random pipeline takes much longer than the others.</param>
    /// <param name="cancellationToken">Stops the workers; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The outputs, in input order (a failure on sample <c>i</c> is thrown when the enumeration reaches <c>i</c>).</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="workers"/> &lt; 1 or <paramref name="prefetch"/> &lt; 0.</exception>
    public IEnumerable<Sample> ApplyStream(IReadOnlyList<Sample> samples, ulong seed, int workers = 1, int prefetch = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Guard.That(workers >= 1, nameof(workers), $"must be ≥ 1 (got {workers})");
        Guard.That(prefetch >= 0, nameof(prefetch), $"must be ≥ 0 (got {prefetch})");
        var window = prefetch == 0 ? DefaultPrefetchPerWorker * workers : prefetch;
        return OrderedParallel.Map(samples.Count, i => ApplyAt(samples, seed, i), workers, window, s => s.Dispose(), cancellationToken);
    }

    /// <summary>Sample <paramref name="i"/> of a batch draws from stream <paramref name="i"/> of the seed (shared by every batch API).</summary>
    private Sample ApplyAt(IReadOnlyList<Sample> samples, ulong seed, int i) => Apply(samples[i], new SeededRandom(seed, (ulong)i));

    internal override ReplayRecord Run(WorkingSample sample, IRandom random, bool forceApply)
        => forceApply || random.NextDouble() < Probability ? RunAll(sample, random, false) : AllSkipped();

    internal override void WriteArgs(ArgWriter writer)
    {
        base.WriteArgs(writer);
        writer.AddNode("bbox_params", BboxParams is null ? null : new JsonObject
        {
            ["format"] = BboxParams.Format.ToName(),
            ["label_fields"] = new JsonArray(BboxParams.LabelFields.Select(x => (JsonNode?)x).ToArray()),
            ["min_area"] = BboxParams.MinArea,
            ["min_visibility"] = BboxParams.MinVisibility,
            ["min_width"] = BboxParams.MinWidth,
            ["min_height"] = BboxParams.MinHeight,
            ["check_each_transform"] = BboxParams.CheckEachTransform,
        });
        writer.AddNode("keypoint_params", KeypointParams is null ? null : new JsonObject
        {
            ["format"] = KeypointParams.Format.ToName(),
            ["label_fields"] = new JsonArray(KeypointParams.LabelFields.Select(x => (JsonNode?)x).ToArray()),
            ["remove_invisible"] = KeypointParams.RemoveInvisible,
            ["angle_in_degrees"] = KeypointParams.AngleInDegrees,
            ["check_each_transform"] = KeypointParams.CheckEachTransform,
        });
        var extra = new JsonObject();
        foreach (var (k, v) in AdditionalTargets)
        {
            extra[k] = v;
        }
        writer.AddNode("additional_targets", extra);
        writer.Add("is_check_shapes", IsCheckShapes);
    }

    private void AfterEach(WorkingSample ws)
    {
        var shape = ws.Shape;
        if (BboxParams is { CheckEachTransform: true } bp && ws.HasBoxes)
        {
            ws.Boxes = BoxProcessor.Filter(ws.Boxes, shape, bp);
        }
        if (KeypointParams is { CheckEachTransform: true } kp && ws.HasKeypoints)
        {
            ws.Keypoints = KeypointProcessor.Filter(ws.Keypoints, shape, kp);
        }
    }

    private Sample Execute(Sample sample, Action<WorkingSample> body)
    {
        var ws = Prepare(sample);
        body(ws);
        return Finish(sample, ws);
    }

    private WorkingSample Prepare(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Guard.That(sample.Image is not null, nameof(sample.Image), "is required");
        var image = sample.Image;
        var shape = ImageShape.Of(image);
        void CheckSize(Image m, string name)
        {
            Guard.That(!IsCheckShapes || (m.Height == image.Height && m.Width == image.Width), name,
                $"size {m.Height}×{m.Width} must equal the image size {image.Height}×{image.Width}");
        }
        var ws = new WorkingSample { Image = image, CroppingBox = sample.CroppingBox };
        ws.MarkInput(image);
        if (sample.Mask is not null)
        {
            CheckSize(sample.Mask, "mask");
            ws.Mask = sample.Mask;
            ws.MarkInput(sample.Mask);
        }
        for (var i = 0; i < sample.Masks.Count; i++)
        {
            CheckSize(sample.Masks[i], $"masks[{i}]");
            ws.MarkInput(sample.Masks[i]);
        }
        ws.Masks = [.. sample.Masks];
        foreach (var (name, target) in sample.Extra)
        {
            Guard.That(AdditionalTargets.TryGetValue(name, out var kind), "extra",
                $"target '{name}' is not declared in additional_targets ({string.Join(", ", AdditionalTargets.Keys)})");
            CheckSize(target, name);
            ws.MarkInput(target);
            (kind == "image" ? ws.ExtraImages : ws.ExtraMasks)[name] = target;
        }
        Guard.That(sample.Bboxes.Count == 0 || BboxParams is not null, "bboxes", "were given but the pipeline has no bbox_params");
        Guard.That(sample.Keypoints.Count == 0 || KeypointParams is not null, "keypoints", "were given but the pipeline has no keypoint_params");
        if (BboxParams is not null)
        {
            ws.HasBoxes = true;
            CheckLabels(sample, BboxParams.LabelFields, sample.Bboxes.Count, "bboxes");
            for (var i = 0; i < sample.Bboxes.Count; i++)
            {
                ws.Boxes.Add(BoxProcessor.ToInternal(sample.Bboxes[i], BboxParams.Format, shape, i));
            }
        }
        if (KeypointParams is not null)
        {
            ws.HasKeypoints = true;
            CheckLabels(sample, KeypointParams.LabelFields, sample.Keypoints.Count, "keypoints");
            var fields = KeypointParams.LabelFields;
            ws.KeypointLabelTails = tag => fields.Select(f => sample.Labels[f][tag]).ToList();
            for (var i = 0; i < sample.Keypoints.Count; i++)
            {
                ws.Keypoints.Add(KeypointProcessor.ToInternal(sample.Keypoints[i], KeypointParams, shape, i));
            }
        }
        return ws;
    }

    private static void CheckLabels(Sample sample, IReadOnlyList<string> fields, int count, string target)
    {
        foreach (var f in fields)
        {
            Guard.That(sample.Labels.TryGetValue(f, out var list), "labels", $"label field '{f}' of the {target} is missing");
            Guard.That(list.Count == count, "labels", $"label field '{f}' has {list.Count} entries but there are {count} {target}");
        }
    }

    private Sample Finish(Sample input, WorkingSample ws)
    {
        var shape = ws.Shape;
        var labels = new Dictionary<string, IReadOnlyList<object>>(input.Labels, StringComparer.Ordinal);
        IReadOnlyList<double[]> boxes = [];
        IReadOnlyList<double[]> keypoints = [];
        if (BboxParams is not null)
        {
            var kept = BoxProcessor.Filter(ws.Boxes, shape, BboxParams);
            boxes = kept.Select(b => BoxProcessor.FromInternal(b, BboxParams.Format, shape)).ToList();
            foreach (var f in BboxParams.LabelFields)
            {
                var src = input.Labels[f];
                labels[f] = kept.Select(b => src[b.Tag]).ToList();
            }
        }
        if (KeypointParams is not null)
        {
            var kept = KeypointProcessor.Filter(ws.Keypoints, shape, KeypointParams);
            keypoints = kept.Select(k => KeypointProcessor.FromInternal(k, KeypointParams)).ToList();
            foreach (var f in KeypointParams.LabelFields)
            {
                var src = input.Labels[f];
                labels[f] = kept.Select(k => src[k.Tag]).ToList();
            }
        }
        var extra = new Dictionary<string, Image>(StringComparer.Ordinal);
        foreach (var (k, v) in ws.ExtraImages)
        {
            extra[k] = Own(v, input.Extra[k]);
        }
        foreach (var (k, v) in ws.ExtraMasks)
        {
            extra[k] = Own(v, input.Extra[k]);
        }
        return new Sample
        {
            Image = Own(ws.Image, input.Image),
            Mask = ws.Mask is null ? null : Own(ws.Mask, input.Mask!),
            Masks = ws.Masks.Select((m, i) => Own(m, input.Masks[i])).ToList(),
            Bboxes = boxes,
            Keypoints = keypoints,
            Labels = labels,
            Extra = extra,
            OwnsImages = true,
        };
    }

    /// <summary>Outputs never alias inputs: an untouched target is copied.</summary>
    private static Image Own(Image output, Image input) => ReferenceEquals(output, input) || output.IsBorrowed ? output.Clone() : output;
}
