namespace TaskRunner.Generation.Offline;

/// <summary>
/// Chinese key terms: 2–4 character n-grams that recur, do not start or end with a function character, are not
/// just a piece of a longer recurring term, and stand on their own: seen next to at least two different characters
/// on each side (accessor variety), which drops fragments of longer fixed phrases such as "验室里研".
/// </summary>
internal static class ChineseTerms
{
    private const string FunctionChars = "的了是在和与及或也都而就被把对为以之其这那个们着过从到将等并且又很更最所于该此每各有";

    public static IReadOnlyList<KeyTerm> Extract(IReadOnlyList<string> chunks)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var left = new Dictionary<string, HashSet<char>>(StringComparer.Ordinal);
        var right = new Dictionary<string, HashSet<char>>(StringComparer.Ordinal);
        var boundary = 0;
        var chunkSets = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var chunk = 0; chunk < chunks.Count; chunk++)
        {
            foreach (var run in CjkRuns(chunks[chunk]))
            {
                for (var n = 2; n <= 4; n++)
                {
                    for (var i = 0; i + n <= run.Length; i++)
                    {
                        var gram = run.Substring(i, n);
                        if (FunctionChars.Contains(gram[0], StringComparison.Ordinal) || FunctionChars.Contains(gram[^1], StringComparison.Ordinal))
                        {
                            continue;
                        }
                        counts[gram] = counts.GetValueOrDefault(gram) + 1;
                        // A run boundary counts as a new neighbour every time (private-use characters stand in for it).
                        Neighbours(left, gram).Add(i > 0 ? run[i - 1] : (char)(0xE000 + (boundary++ % 4096)));
                        Neighbours(right, gram).Add(i + n < run.Length ? run[i + n] : (char)(0xE000 + (boundary++ % 4096)));
                        (chunkSets.TryGetValue(gram, out var set) ? set : chunkSets[gram] = []).Add(chunk);
                    }
                }
            }
        }
        var recurring = counts
            .Where(kv => kv.Value >= 2 && left[kv.Key].Count >= 2 && right[kv.Key].Count >= 2)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        // "机器学" only ever appears inside "机器学习": keep the longer term.
        var kept = recurring
            .Where(kv => !recurring.Any(other => other.Key.Length > kv.Key.Length && other.Value >= kv.Value && other.Key.Contains(kv.Key, StringComparison.Ordinal)))
            .ToList();
        return kept
            .Select(kv => new KeyTerm(kv.Key, kv.Value, kv.Value * Math.Min(kv.Key.Length, 4), chunkSets[kv.Key]))
            .OrderByDescending(t => t.Score)
            .ThenBy(t => t.Text, StringComparer.Ordinal)
            .Take(200)
            .ToList();
    }

    private static HashSet<char> Neighbours(Dictionary<string, HashSet<char>> map, string gram) =>
        map.TryGetValue(gram, out var set) ? set : map[gram] = [];

    private static IEnumerable<string> CjkRuns(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var cjk = i < text.Length && MaterialText.IsCjk(text[i]);
            if (cjk && start < 0)
            {
                start = i;
            }
            else if (!cjk && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
