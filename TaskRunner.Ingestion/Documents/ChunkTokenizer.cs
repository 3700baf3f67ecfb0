using System.Text.RegularExpressions;

namespace TaskRunner.Ingestion.Documents;

/// <summary>
/// The one tokenizer of keyword search, used when chunks are written (the <c>tokens</c> column and its GIN index,
/// migration 0006) and when a query is read, so both sides always agree. Text is lower-cased; a run of CJK characters
/// gives its single characters and every two-character bigram; any other run of letters and digits is one word.
/// </summary>
public static partial class ChunkTokenizer
{
    /// <summary>Longer runs (base64, hashes, unbroken foreign scripts) are not words anyone searches for, and a GIN entry must stay small.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>The distinct tokens a chunk is indexed under, in ordinal order.</summary>
    public static string[] IndexTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in TokenPattern().Matches(text.ToLowerInvariant()))
        {
            var run = match.Value;
            if (IsCjk(run[0]))
            {
                for (var i = 0; i < run.Length; i++)
                {
                    tokens.Add(run.Substring(i, 1));
                    if (i + 1 < run.Length)
                    {
                        tokens.Add(run.Substring(i, 2));
                    }
                }
            }
            else if (IsWord(run))
            {
                tokens.Add(run);
            }
        }

        var sorted = tokens.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>
    /// A query's distinct terms in the order they appear: words, and CJK bigrams (a lone CJK character stays a
    /// one-character term). Every term is also an index token, so <c>tokens &amp;&amp; terms</c> finds the chunks.
    /// </summary>
    public static IReadOnlyList<string> QueryTerms(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>();
        foreach (Match match in TokenPattern().Matches(query.ToLowerInvariant()))
        {
            var run = match.Value;
            if (IsCjk(run[0]))
            {
                if (run.Length == 1 && seen.Add(run))
                {
                    terms.Add(run);
                }

                for (var i = 0; i + 1 < run.Length; i++)
                {
                    var bigram = run.Substring(i, 2);
                    if (seen.Add(bigram))
                    {
                        terms.Add(bigram);
                    }
                }
            }
            else if (IsWord(run) && seen.Add(run))
            {
                terms.Add(run);
            }
        }

        return terms;
    }

    public static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\uf900' and <= '\ufaff';

    /// <summary>Single letters are noise; single digits are not ("第 3 章", "step 2").</summary>
    private static bool IsWord(string run) => run.Length <= MaxTokenLength && (run.Length >= 2 || char.IsDigit(run[0]));

    [GeneratedRegex(@"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}-[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]]+")]
    private static partial Regex TokenPattern();
}
