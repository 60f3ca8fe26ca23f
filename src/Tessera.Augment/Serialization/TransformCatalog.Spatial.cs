using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;

namespace Tessera.Augment.Serialization;

public static partial class TransformCatalog
{
    static partial void AddSpatialEntries(List<KeyValuePair<string, Func<ArgReader, TransformBase>>> list)
    {
        Add(list, "VerticalFlip", a => new VerticalFlip(a.P(0.5), a.AlwaysApply()));
        Add(list, "HorizontalFlip", a => new HorizontalFlip(a.P(0.5), a.AlwaysApply()));
        Add(list, "Flip", a => new Flip(a.P(0.5), a.AlwaysApply()));
        Add(list, "Transpose", a => new Transpose(a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomRotate90", a => new RandomRotate90(a.P(0.5), a.AlwaysApply()));
    }
}
