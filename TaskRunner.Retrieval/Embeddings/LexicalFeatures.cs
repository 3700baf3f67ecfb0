using System.Text;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// Splits text into the features the hashing embedder counts: character 1–3-grams inside CJK runs
/// (Chinese has no spaces, so character n-grams stand in for words) and lowercase word unigrams and
/// bigrams for everything else.
/// </summary>
internal static class LexicalFeatures
{
    /// <summary>Feature → term frequency; <paramref name="unigrams"/> counts characters plus words (the "tokens").</summary>
    public static Dictionary<string, int> Count(string text, out int unigrams)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        unigrams = 0;
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var cjkRun = new List<string>();
        var word = new StringBuilder();
        string? previousWord = null;

        foreach (var rune in normalized.EnumerateRunes())
        {
            if (IsCjk(rune.Value))
            {
                FlushWord(counts, word, ref previousWord, ref unigrams);
                previousWord = null;
                cjkRun.Add(rune.ToString());
                continue;
            }

            FlushCjk(counts, cjkRun, ref unigrams);
            if (Rune.IsLetterOrDigit(rune)) word.Append(Rune.ToLowerInvariant(rune).ToString());
            else FlushWord(counts, word, ref previousWord, ref unigrams);
        }

        FlushWord(counts, word, ref previousWord, ref unigrams);
        FlushCjk(counts, cjkRun, ref unigrams);
        return counts;
    }

    internal static bool IsCjk(int c) =>
        c is >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF
            or >= 0x3040 and <= 0x30FF or >= 0xAC00 and <= 0xD7AF or >= 0x20000 and <= 0x2FA1F;

    private static void FlushWord(Dictionary<string, int> counts, StringBuilder word, ref string? previous, ref int unigrams)
    {
        if (word.Length == 0) return;
        var current = word.ToString();
        word.Clear();
        Add(counts, "w:" + current);
        unigrams++;
        if (previous is not null) Add(counts, "b:" + previous + " " + current);
        previous = current;
    }

    private static void FlushCjk(Dictionary<string, int> counts, List<string> run, ref int unigrams)
    {
        for (var i = 0; i < run.Count; i++)
        {
            Add(counts, "c:" + run[i]);
            if (i + 1 < run.Count) Add(counts, "c:" + run[i] + run[i + 1]);
            if (i + 2 < run.Count) Add(counts, "c:" + run[i] + run[i + 1] + run[i + 2]);
        }

        unigrams += run.Count;
        run.Clear();
    }

    private static void Add(Dictionary<string, int> counts, string feature) =>
        counts[feature] = counts.TryGetValue(feature, out var n) ? n + 1 : 1;
}
