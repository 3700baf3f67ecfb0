namespace TaskRunner.Retrieval;

/// <summary>Fuses two rankings of chunks (best first) into one score per chunk; see <see cref="RetrievalOptions.Fusion"/>.</summary>
public static class RankFusion
{
    public const string Relative = "relative";
    public const string Rrf = "rrf";
    private const double RrfK = 60;

    /// <returns>Per chunk: the fused score and its 1-based rank on each side (null: not found by that side).</returns>
    public static Dictionary<(Guid DocumentId, int Ordinal), (double Score, int? VectorRank, int? KeywordRank)> Fuse(
        IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)> vector,
        IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)> keyword,
        RetrievalOptions options)
    {
        var relative = !string.Equals(options.Fusion, Rrf, StringComparison.OrdinalIgnoreCase);
        var vectorScores = relative ? Normalise(vector, options.VectorWeight) : Reciprocal(vector);
        var keywordScores = relative ? Normalise(keyword, 1 - options.VectorWeight) : Reciprocal(keyword);
        var fused = new Dictionary<(Guid, int), (double Score, int? VectorRank, int? KeywordRank)>();
        for (var i = 0; i < vector.Count; i++)
            fused[vector[i].Key] = (vectorScores[i], i + 1, null);
        for (var i = 0; i < keyword.Count; i++)
        {
            var current = fused.GetValueOrDefault(keyword[i].Key);
            fused[keyword[i].Key] = (current.Score + keywordScores[i], current.VectorRank, i + 1);
        }

        return fused;
    }

    private static double[] Reciprocal(IReadOnlyList<((Guid, int) Key, double Score)> ranked) =>
        Enumerable.Range(0, ranked.Count).Select(i => 1 / (RrfK + i + 1)).ToArray();

    /// <summary>Min-max over the side's hits, times its weight; a single hit (or all equal) counts as the best.</summary>
    private static double[] Normalise(IReadOnlyList<((Guid, int) Key, double Score)> ranked, double weight)
    {
        if (ranked.Count == 0) return [];
        var high = ranked.Max(r => r.Score);
        var low = ranked.Min(r => r.Score);
        return ranked.Select(r => weight * (high > low ? (r.Score - low) / (high - low) : 1.0)).ToArray();
    }
}
