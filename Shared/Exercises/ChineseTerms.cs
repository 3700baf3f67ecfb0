namespace TaskRunner.Shared.Exercises;

/// <summary>Chinese key terms: 2–4 character n-grams that recur, not starting or ending with a function character, not just a piece of a longer recurring term.</summary>
internal static class ChineseTerms
{
    private const string FunctionChars = "的了是在和与及或也都而就被把对为以之其这那个们着过从到将等并且又很更最所于该此每各有";

    public static IReadOnlyList<KeyTerm> Extract(IReadOnlyList<string> chunks)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
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
                        (chunkSets.TryGetValue(gram, out var set) ? set : chunkSets[gram] = []).Add(chunk);
                    }
                }
            }
        }
        var recurring = counts.Where(kv => kv.Value >= 2).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
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
