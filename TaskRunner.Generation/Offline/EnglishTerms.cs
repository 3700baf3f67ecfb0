using System.Text.RegularExpressions;

namespace TaskRunner.Generation.Offline;

/// <summary>English key terms: capitalised words not at a sentence start, and long content words, weighted by frequency.</summary>
internal static partial class EnglishTerms
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "about", "above", "after", "again", "against", "also", "although", "among", "because", "been", "before", "being",
        "below", "between", "both", "could", "does", "doing", "during", "each", "from", "further", "have", "having", "here",
        "into", "itself", "more", "most", "much", "many", "other", "over", "same", "should", "some", "such", "than", "that",
        "their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "until", "very", "were",
        "what", "when", "where", "which", "while", "whom", "will", "with", "would", "your", "only", "just", "even", "every",
        "within", "without", "another", "however", "therefore", "thus", "often", "usually", "called", "known", "made", "make",
    };

    public static IReadOnlyList<KeyTerm> Extract(IReadOnlyList<string> chunks)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var capitalised = new HashSet<string>(StringComparer.Ordinal);
        var chunkSets = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var chunk = 0; chunk < chunks.Count; chunk++)
        {
            foreach (Match match in Word().Matches(chunks[chunk]))
            {
                var word = match.Value;
                if (word.Length < 4 || StopWords.Contains(word))
                {
                    continue;
                }
                var atSentenceStart = IsSentenceStart(chunks[chunk], match.Index);
                if (char.IsUpper(word[0]) && !atSentenceStart)
                {
                    capitalised.Add(word);
                }
                else if (char.IsUpper(word[0]))
                {
                    continue; // "The", "Today" at a sentence start say nothing
                }
                counts[word] = counts.GetValueOrDefault(word) + 1;
                (chunkSets.TryGetValue(word, out var set) ? set : chunkSets[word] = []).Add(chunk);
            }
        }
        return counts
            .Where(kv => capitalised.Contains(kv.Key) || kv.Key.Length >= 7 || kv.Value >= 2)
            .Select(kv => new KeyTerm(
                kv.Key,
                kv.Value,
                kv.Value * (capitalised.Contains(kv.Key) ? 2.0 : 1.0) * (kv.Key.Length >= 7 ? 1.5 : 1.0),
                chunkSets[kv.Key]))
            .OrderByDescending(t => t.Score)
            .ThenBy(t => t.Text, StringComparer.Ordinal)
            .Take(300)
            .ToList();
    }

    private static bool IsSentenceStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is '"' or '“' or '(')
            {
                continue;
            }
            return c is '.' or '!' or '?' or ':' or '\n';
        }
        return true;
    }

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z'-]*[A-Za-z]\b")]
    private static partial Regex Word();
}
