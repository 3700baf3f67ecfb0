using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval;

/// <summary>One reading of the token statistics (see <see cref="TokenFrequencies"/>).</summary>
public sealed class TokenStatistics(IReadOnlyDictionary<string, float> frequencies, float? leastListed, double rows, long readAtTicks)
{
    public long ReadAtTicks { get; } = readAtTicks;

    /// <summary>The table's estimated row count (pg_class.reltuples); 0 before the first ANALYZE.</summary>
    public double Rows { get; } = rows;

    /// <summary>No statistics yet (a new table, or before ANALYZE).</summary>
    public static TokenStatistics Empty { get; } = new(new Dictionary<string, float>(), null, 0, 0);

    /// <summary>Whether statistics exist; without them every term is "unknown" and may be common.</summary>
    public bool HasStatistics => leastListed is not null && Rows > 0;

    public bool IsListed(string term) => frequencies.ContainsKey(term);

    /// <summary>These statistics with exact counts for some terms (a count of 0 gives a frequency of 0: the term matches nothing).</summary>
    public TokenStatistics WithCounts(IReadOnlyDictionary<string, long> counts)
    {
        var merged = new Dictionary<string, float>(frequencies, StringComparer.Ordinal);
        foreach (var (term, count) in counts)
        {
            merged[term] = (float)(count / Math.Max(Rows, 1));
        }

        return new TokenStatistics(merged, leastListed, Rows, ReadAtTicks);
    }

    /// <summary>The estimated fraction of chunks that hold <paramref name="term"/>.</summary>
    public double FrequencyOf(string term)
    {
        if (frequencies.TryGetValue(term, out var known))
        {
            return known;
        }

        if (leastListed is { } least)
        {
            return Math.Max(least / 2, 1e-6);
        }

        return term.Length == 1 && ChunkTokenizer.IsCjk(term[0]) ? 0.05 : 0.01;
    }

    /// <summary>An inverse document frequency: rare terms weigh more.</summary>
    public double WeightOf(string term) => Math.Log(1 + (1 / Math.Max(FrequencyOf(term), 1e-6)));
}
