using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval;

/// <summary>
/// How one keyword query runs: the terms that score (at most <see cref="MaxTerms"/>, the rarest, with IDF weights) and
/// the terms that prune through the GIN index. Pruning uses the rarest terms whose chunks together stay within
/// <see cref="CandidateBudget"/> (<c>tokens &amp;&amp; prune</c>: any of them); when even the rarest term is that common,
/// a chunk must hold the few rarest terms together (<c>tokens @&gt; prune</c>), which GIN answers by intersecting
/// posting lists. Without statistics (a new table) every term prunes with <c>&amp;&amp;</c>.
/// </summary>
internal sealed record KeywordQueryPlan(IReadOnlyList<(string Term, double Weight)> Terms, IReadOnlyList<string> Prune, bool RequireAll)
{
    public const int MaxTerms = 32;

    /// <summary>About this many chunks are scored per query at most, when statistics allow an estimate.</summary>
    public const double CandidateBudget = 2000;

    /// <summary>At most this many terms are required together; more would drop good chunks that miss one.</summary>
    private const int MaxRequiredTerms = 4;

    /// <summary>A term held by more than this fraction of chunks is dropped while rarer terms remain: it would make most chunks candidates.</summary>
    private const double CommonTermFrequency = 0.2;

    public static KeywordQueryPlan Create(IReadOnlyList<string> terms, TokenStatistics statistics)
    {
        var selected = SelectTerms(terms, statistics, MaxTerms);
        var rarest = selected.Select(t => (t.Term, Rows: statistics.FrequencyOf(t.Term) * statistics.Rows)).OrderBy(t => t.Rows).ToList();
        if (rarest.Count == 0 || rarest[0].Rows <= CandidateBudget || statistics.Rows <= 0)
        {
            // Any of the rarest terms, as many as keep the candidates within the budget (at least one).
            var prune = new List<string>();
            var estimated = 0.0;
            foreach (var (term, rows) in rarest)
            {
                if (prune.Count > 0 && estimated + rows > CandidateBudget && statistics.Rows > 0)
                {
                    break;
                }

                prune.Add(term);
                estimated += rows;
            }

            return new KeywordQueryPlan(selected, prune, RequireAll: false);
        }

        // All of the rarest few, until their estimated co-occurrence fits the budget. Overlapping CJK bigrams (学习, 习惯)
        // nearly always occur together, so only terms sharing no character count as independent.
        var together = new List<string>();
        var expected = statistics.Rows;
        foreach (var (term, rows) in rarest)
        {
            if (together.Any(t => SharesCjkCharacter(t, term)))
            {
                continue;
            }

            together.Add(term);
            expected *= rows / statistics.Rows;
            if (expected <= CandidateBudget || together.Count == MaxRequiredTerms)
            {
                break;
            }
        }

        return new KeywordQueryPlan(selected, together, RequireAll: true);
    }

    private static bool SharesCjkCharacter(string a, string b) => a.Any(c => ChunkTokenizer.IsCjk(c) && b.Contains(c, StringComparison.Ordinal));

    /// <summary>
    /// Keeps at most <paramref name="max"/> terms, the rarest first (longer first among equals, then in query order),
    /// drops terms known to match nothing, and terms common to most chunks while rarer ones remain. Returned in query
    /// order, with their weights.
    /// </summary>
    public static IReadOnlyList<(string Term, double Weight)> SelectTerms(IReadOnlyList<string> terms, TokenStatistics statistics, int max)
    {
        var candidates = terms
            .Select((term, position) => (Term: term, Position: position, Frequency: statistics.FrequencyOf(term)))
            .Where(c => c.Frequency > 0)
            .ToList();
        if (candidates.Any(c => c.Frequency <= CommonTermFrequency))
        {
            candidates.RemoveAll(c => c.Frequency > CommonTermFrequency);
        }

        return candidates
            .OrderBy(c => c.Frequency).ThenByDescending(c => c.Term.Length).ThenBy(c => c.Position)
            .Take(max)
            .OrderBy(c => c.Position)
            .Select(c => (c.Term, statistics.WeightOf(c.Term)))
            .ToList();
    }
}
