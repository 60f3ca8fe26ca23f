namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// CLIP's BPE on one pre-token (<c>SimpleTokenizer.bpe</c>): the last byte symbol carries <c>&lt;/w&gt;</c>; while some
/// adjacent pair has a merge rank, the lowest-ranked pair is merged at all its non-overlapping occurrences, left
/// to right.
/// </summary>
internal static class BytePairEncoder
{
    /// <summary>Splits a pre-token (already mapped to byte symbols) into vocabulary symbols.</summary>
    /// <param name="symbols">The byte-symbol string, at least one char.</param>
    /// <param name="ranks">Merge ranks (lower merges first).</param>
    /// <returns>The final symbols.</returns>
    public static List<string> Encode(string symbols, IReadOnlyDictionary<(string, string), int> ranks)
    {
        var word = new List<string>(symbols.Length);
        for (var i = 0; i < symbols.Length - 1; i++) { word.Add(symbols[i].ToString()); }
        word.Add(symbols[^1] + ClipVocabulary.EndOfWord);
        while (word.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < word.Count - 1; i++)
            {
                if (ranks.TryGetValue((word[i], word[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) { break; }
            var first = word[best];
            var second = word[best + 1];
            var merged = new List<string>(word.Count);
            var k = 0;
            while (k < word.Count)
            {
                if (k < word.Count - 1 && word[k] == first && word[k + 1] == second)
                {
                    merged.Add(first + second);
                    k += 2;
                }
                else
                {
                    merged.Add(word[k]);
                    k++;
                }
            }
            word = merged;
        }
        return word;
    }
}
