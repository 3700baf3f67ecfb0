using Npgsql;

namespace TaskRunner.Retrieval;

/// <summary>
/// How common each index token is, from Postgres's own statistics of <c>chunks.tokens</c> (<c>pg_stats</c>:
/// the most common elements and the fraction of rows holding each), read at most every few minutes. Tokens not in
/// that list are rarer than the least common one listed. Before the first ANALYZE every term weighs the same,
/// except that a single CJK character counts as commoner than a bigram or a word.
/// </summary>
public sealed class TokenFrequencies(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private TokenStatistics? current;

    public async Task<TokenStatistics> GetAsync(CancellationToken ct)
    {
        var snapshot = current;
        if (snapshot is not null && Environment.TickCount64 - snapshot.ReadAtTicks < MaxAge.TotalMilliseconds)
        {
            return snapshot;
        }

        // Concurrent first callers may both read; the answers are the same and the read is cheap.
        snapshot = await ReadAsync(ct);
        current = snapshot;
        return snapshot;
    }

    private async Task<TokenStatistics> ReadAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            select s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples::float8
              from pg_class c left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'chunks' and s.attname = 'tokens'
             where c.oid = 'chunks'::regclass
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var frequencies = new Dictionary<string, float>(StringComparer.Ordinal);
        float? least = null;
        double rows = 0;
        if (await reader.ReadAsync(ct) && !await reader.IsDBNullAsync(0, ct) && !await reader.IsDBNullAsync(1, ct))
        {
            rows = reader.GetDouble(2);
            var elements = await reader.GetFieldValueAsync<string[]>(0, ct);
            var freqs = await reader.GetFieldValueAsync<float[]>(1, ct); // one per element, then minimum, maximum and null fraction
            for (var i = 0; i < elements.Length && i < freqs.Length; i++)
            {
                frequencies[elements[i]] = freqs[i];
            }

            least = elements.Length > 0 && freqs.Length > elements.Length ? freqs[elements.Length] : null;
        }

        return new TokenStatistics(frequencies, least, rows, Environment.TickCount64);
    }

    /// <summary>
    /// How many of the tenant's chunks hold each term, counted through the GIN index up to <paramref name="cap"/> (a
    /// term at the cap is at least that common), so each count reads at most a few rows whatever the term.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> CountAsync(string tenantId, IReadOnlyList<string> terms, int cap, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            select q.term, (select count(*) from (select 1 from chunks c where c.tenant_id = $1 and c.tokens @> array[q.term] limit $3) h)
              from unnest($2::text[]) as q(term)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = terms.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = cap });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
