namespace TaskRunner.Testing.Retrieval;

/// <summary>One method on one slice of the evaluation set. Ranks count only the top 10; an answer further down scores 0.</summary>
/// <param name="Method">keyword, vector (embedder) or hybrid (embedder).</param>
/// <param name="Kind">all, lexical or paraphrase.</param>
public sealed record RetrievalQualityRow(string Method, string Language, string Kind, int Queries, double RecallAt1, double RecallAt5, double Mrr)
{
    /// <summary>Aggregates 1-based ranks of the answers (0 = not in the top 10).</summary>
    public static RetrievalQualityRow From(string method, string language, string kind, IReadOnlyList<int> ranks) => new(
        method, language, kind, ranks.Count,
        Math.Round(ranks.Count(r => r == 1) / (double)Math.Max(1, ranks.Count), 3),
        Math.Round(ranks.Count(r => r is >= 1 and <= 5) / (double)Math.Max(1, ranks.Count), 3),
        Math.Round(ranks.Sum(r => r > 0 ? 1.0 / r : 0) / Math.Max(1, ranks.Count), 3));
}
