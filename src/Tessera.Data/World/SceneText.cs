namespace Tessera.Data.World;

/// <summary>Captions and referring expressions of a scene, built from its objects' attributes and positions.</summary>
internal static class SceneText
{
    private static readonly Dictionary<string, string> BackgroundWords = new(StringComparer.Ordinal)
    {
        ["flat"] = "plain", ["gradient"] = "gradient", ["noise"] = "noisy", ["stripes"] = "striped", ["checker"] = "checkered", ["photo"] = "photo",
    };

    public static string Caption(IReadOnlyList<WorldObject> objects, string background)
    {
        var parts = objects.OrderBy(o => o.CenterX).ThenBy(o => o.InstanceId).Select(o => "a " + Describe(o, size: true, color: true, texture: o.Texture != 0)).ToList();
        var list = parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
        return $"{list} on a {BackgroundWords[background]} background";
    }

    /// <summary>For every object: the shortest unique attribute phrase, and (when the scene has another object) the same
    /// phrase with a relation to its nearest neighbour ("the small red triangle left of the ring").</summary>
    public static List<ReferringExpression> Expressions(IReadOnlyList<WorldObject> objects)
    {
        var result = new List<ReferringExpression>();
        foreach (var o in objects)
        {
            var (phrase, unique) = Shortest(o, objects);
            result.Add(new ReferringExpression(o.InstanceId, "the " + phrase, unique, false));
            var other = objects.Where(p => p.InstanceId != o.InstanceId)
                .OrderBy(p => Math.Pow(p.CenterX - o.CenterX, 2) + Math.Pow(p.CenterY - o.CenterY, 2)).ThenBy(p => p.InstanceId).FirstOrDefault();
            if (other is not null)
            {
                var dx = o.CenterX - other.CenterX;
                var dy = o.CenterY - other.CenterY;
                var relation = Math.Abs(dx) >= Math.Abs(dy) ? (dx < 0 ? "left of" : "right of") : (dy < 0 ? "above" : "below");
                result.Add(new ReferringExpression(o.InstanceId, $"the {phrase} {relation} the {Shortest(other, objects).Phrase}", unique, true));
            }
        }
        return result;
    }

    private static (string Phrase, bool Unique) Shortest(WorldObject o, IReadOnlyList<WorldObject> objects)
    {
        (bool Size, bool Color, bool Texture)[] options = [(false, false, false), (false, true, false), (true, false, false), (true, true, false), (true, true, true)];
        foreach (var (size, color, texture) in options)
        {
            var matches = objects.Count(p => p.Shape == o.Shape && (!size || p.Size == o.Size) && (!color || p.Color == o.Color) && (!texture || p.Texture == o.Texture));
            if (matches == 1) { return (Describe(o, size, color, texture), true); }
        }
        return (Describe(o, true, true, true), false);
    }

    private static string Describe(WorldObject o, bool size, bool color, bool texture)
    {
        var words = new List<string>(4);
        if (size) { words.Add(o.SizeName); }
        if (texture) { words.Add(o.TextureName); }
        if (color) { words.Add(o.ColorName); }
        words.Add(o.ShapeName);
        return string.Join(' ', words);
    }
}
