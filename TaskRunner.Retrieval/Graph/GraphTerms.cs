using System.Text.RegularExpressions;
using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval.Graph;

/// <summary>
/// The terms the knowledge graph is made of, for chunks and for questions alike: the keyword index's own terms
/// (<see cref="ChunkTokenizer.QueryTerms"/>: lower-cased words, CJK bigrams) without English stop words, short words
/// and bare numbers, plus named entities (runs of two or more capitalised words, such as "Marie Curie") as one term.
/// </summary>
public static partial class GraphTerms
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "have", "his", "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "does", "yes", "use",
        "that", "this", "with", "from", "they", "them", "then", "than", "there", "their", "these", "those", "what", "when",
        "where", "which", "while", "will", "would", "could", "should", "into", "onto", "about", "after", "before", "been",
        "being", "were", "here", "also", "only", "some", "such", "each", "other", "more", "most", "very", "much", "many",
        "just", "over", "under", "between", "because", "through", "doing", "done", "your", "yours", "why", "whom",
    };

    /// <summary>The terms of <paramref name="text"/>, each with how often it occurs there.</summary>
    public static IReadOnlyDictionary<string, int> Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in Terms(text))
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        return counts;
    }

    /// <summary>The distinct terms of a question, in the order they appear.</summary>
    public static IReadOnlyList<string> Distinct(string text) => Terms(text).Distinct(StringComparer.Ordinal).ToList();

    private static IEnumerable<string> Terms(string text)
    {
        foreach (Match entity in EntityPattern().Matches(text))
        {
            yield return string.Join(' ', entity.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        }

        // QueryTerms gives distinct terms; occurrences are counted per sentence-sized piece so repetition still weighs.
        foreach (var piece in text.Split(['\n', '.', '。', '!', '！', '?', '？', ';', '；'], StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var term in ChunkTokenizer.QueryTerms(piece))
            {
                if (IsKeyTerm(term))
                {
                    yield return term;
                }
            }
        }
    }

    private static bool IsKeyTerm(string term) =>
        ChunkTokenizer.IsCjk(term[0]) ? term.Length == 2 : term.Length >= 3 && !StopWords.Contains(term) && !term.All(char.IsDigit);

    [GeneratedRegex(@"\b\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)+\b")]
    private static partial Regex EntityPattern();
}
