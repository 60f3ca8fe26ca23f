using Tessera.TestSupport;
using Tessera.World.Models;

namespace Tessera.World.Tests;

/// <summary>Paths of the models shipped in the repository's models/ folder.</summary>
internal static class ShippedModels
{
    public static string Directory => Path.Combine(SharedFixtures.RepoRoot, "models");

    public static string Vit => Path.Combine(Directory, WorldModels.VitFolder);

    public static string Clip => Path.Combine(Directory, WorldModels.ClipFolder);

    public static string ClipVocabulary => Path.Combine(SharedFixtures.Root, "models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz");

    public static double CardMetric(string folder, string key)
    {
        var card = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "card.json")))!;
        return (double)card["metrics"]![key]!;
    }
}
