using System.Collections.Frozen;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Targets;

namespace Tessera.Augment.Serialization;

/// <summary>
/// The explicit, immutable table of every transform Tessera can read from albumentations' serialized form:
/// class name → factory over the serialized init arguments. Each family contributes its entries from its own
/// partial file (<c>TransformCatalog.Spatial.cs</c>, <c>TransformCatalog.Pixel.cs</c>); nothing registers itself.
/// </summary>
public static partial class TransformCatalog
{
    private static readonly FrozenDictionary<string, Func<ArgReader, TransformBase>> Factories = Build();

    /// <summary>Every supported class name (groups and transforms), sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether a class name is supported.</summary>
    /// <param name="name">An albumentations class name (a dotted full name is reduced to its last part).</param>
    /// <returns>True when the catalogue has it.</returns>
    public static bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.ContainsKey(ShortName(name));
    }

    /// <summary>
    /// Class names that albumentations 1.3.1 can serialize but Tessera does not implement (yet). Reading one of them
    /// fails with an error that says so, instead of calling the name unknown.
    /// </summary>
    public static IReadOnlyList<string> NotImplemented { get; } =
    [
        "AdvancedBlur", "BBoxSafeRandomCrop", "CropAndPad", "IAAAdditiveGaussianNoise", "IAAAffine", "IAACropAndPad", "IAAEmboss",
        "IAAFliplr", "IAAFlipud", "IAAPerspective", "IAAPiecewiseAffine", "IAASharpen", "IAASuperpixels", "Lambda", "PerChannel",
        "PixelDistributionAdaptation", "PixelDropout", "RandomCropFromBorders", "RandomGravel", "RingingOvershoot", "Spatter",
        "TemplateTransform", "ToRGB", "ToTensor",
    ];

    internal static bool TryGet(string name, out Func<ArgReader, TransformBase> factory)
        => Factories.TryGetValue(ShortName(name), out factory!);

    internal static bool IsNotImplemented(string name) => NotImplemented.Contains(ShortName(name), StringComparer.Ordinal);

    internal static string ShortName(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }

    private static FrozenDictionary<string, Func<ArgReader, TransformBase>> Build()
    {
        var list = new List<KeyValuePair<string, Func<ArgReader, TransformBase>>>();
        AddGroupEntries(list);
        AddSpatialEntries(list);
        AddPixelEntries(list);
        return list.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void AddGroupEntries(List<KeyValuePair<string, Func<ArgReader, TransformBase>>> list)
    {
        Add(list, "Compose", a => ReadCompose(a, replay: false));
        Add(list, "ReplayCompose", a => ReadCompose(a, replay: true));
        Add(list, "OneOf", a => new OneOf(a.Transforms("transforms"), a.P(0.5)));
        Add(list, "SomeOf", a => new SomeOf(a.Transforms("transforms"), a.Int("n", 1), a.Bool("replace", true), a.P(1)));
        Add(list, "OneOrOther", a => new OneOrOther(ReadOneOrOther(a), a.P(0.5)));
        Add(list, "Sequential", a => new Sequential(a.Transforms("transforms"), a.P(0.5)));
        Add(list, "NoOp", a => new NoOp(a.P(0.5), a.AlwaysApply()));
    }

    /// <summary>Spatial (geometry-changing) transforms; implemented in <c>TransformCatalog.Spatial.cs</c>.</summary>
    static partial void AddSpatialEntries(List<KeyValuePair<string, Func<ArgReader, TransformBase>>> list);

    /// <summary>Pixel-level transforms; implemented (when they land) in <c>TransformCatalog.Pixel.cs</c>.</summary>
    static partial void AddPixelEntries(List<KeyValuePair<string, Func<ArgReader, TransformBase>>> list);

    private static void Add(List<KeyValuePair<string, Func<ArgReader, TransformBase>>> list, string name, Func<ArgReader, TransformBase> factory)
        => list.Add(new(name, factory));

    private static List<TransformBase> ReadOneOrOther(ArgReader a)
    {
        var list = new List<TransformBase>();
        if (a.Has("first"))
        {
            list.Add(a.ReadChild((System.Text.Json.Nodes.JsonObject)a.Raw("first")!));
        }
        if (a.Has("second"))
        {
            list.Add(a.ReadChild((System.Text.Json.Nodes.JsonObject)a.Raw("second")!));
        }
        if (a.Has("transforms"))
        {
            list.AddRange(a.Transforms("transforms"));
        }
        return list;
    }

    private static TransformBase ReadCompose(ArgReader a, bool replay)
    {
        var transforms = a.Transforms("transforms");
        var p = a.P(1);
        BboxParams? bp = null;
        if (a.Raw("bbox_params") is System.Text.Json.Nodes.JsonObject b)
        {
            var r = new ArgReader("bbox_params", b, a.ReadChild);
            bp = new BboxParams
            {
                Format = BoxFormatNames.Parse(r.String("format", "pascal_voc")),
                LabelFields = r.Raw("label_fields") is System.Text.Json.Nodes.JsonArray lf ? lf.Select(x => x!.GetValue<string>()).ToList() : [],
                MinArea = r.Double("min_area", 0),
                MinVisibility = r.Double("min_visibility", 0),
                MinWidth = r.Double("min_width", 0),
                MinHeight = r.Double("min_height", 0),
                CheckEachTransform = r.Bool("check_each_transform", true),
            };
            r.Done();
        }
        KeypointParams? kp = null;
        if (a.Raw("keypoint_params") is System.Text.Json.Nodes.JsonObject k)
        {
            var r = new ArgReader("keypoint_params", k, a.ReadChild);
            kp = new KeypointParams
            {
                Format = KeypointFormatNames.Parse(r.String("format", "xy")),
                LabelFields = r.Raw("label_fields") is System.Text.Json.Nodes.JsonArray lf ? lf.Select(x => x!.GetValue<string>()).ToList() : [],
                RemoveInvisible = r.Bool("remove_invisible", true),
                AngleInDegrees = r.Bool("angle_in_degrees", true),
                CheckEachTransform = r.Bool("check_each_transform", true),
            };
            r.Done();
        }
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (a.Raw("additional_targets") is System.Text.Json.Nodes.JsonObject at)
        {
            foreach (var (key, value) in at)
            {
                extra[key] = value?.GetValue<string>() ?? "";
            }
        }
        var check = a.Bool("is_check_shapes", true);
        a.Has("save_key");
        return replay
            ? new ReplayCompose(transforms, bp, kp, extra, p, check)
            : new Compose(transforms, bp, kp, extra, p, check);
    }
}
