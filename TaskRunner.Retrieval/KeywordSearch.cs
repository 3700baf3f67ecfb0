using Dapper;
using Npgsql;
using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval;

/// <summary>
/// Keyword retrieval over the chunks table, for Chinese as well as English. The query becomes the same tokens the
/// chunks are indexed under (<see cref="ChunkTokenizer"/>: words, CJK bigrams); at most <see cref="MaxQueryTerms"/>
/// of them, the rarest, are kept and weighted by inverse document frequency (<see cref="TokenFrequencies"/>). The GIN
/// index on <c>tokens</c> finds the candidates through the rarest terms (<see cref="KeywordQueryPlan"/>), and Postgres
/// ranks them by the summed weight of the terms they hold before the limit.
/// </summary>
public sealed class KeywordSearch(NpgsqlDataSource dataSource, TokenFrequencies frequencies)
{
    public const int MaxQueryTerms = KeywordQueryPlan.MaxTerms;

    /// <summary>At most this many unlisted terms of a long query are counted (a longer query is a whole document).</summary>
    private const int MaxCountedTerms = 256;

    /// <summary>Counting stops here: past it a term is no rarer than the statistics say, and counting costs a row read each.</summary>
    private const int CountCap = 20;

    /// <summary>The query for a plan: candidates hold any prune term (<c>&amp;&amp;</c>) or all of them (<c>@&gt;</c>).</summary>
    internal static string SqlFor(bool requireAll) => $"""
        select c.id, c.document_id, c.tenant_id, c.ordinal, c.text, c.token_count, c.page, c.section, c.content_hash,
               keyword_score(c.tokens, @terms::text[], @weights::real[]) as score
          from chunks c
         where c.tenant_id = @tenantId
           and c.tokens {(requireAll ? "@>" : "&&")} @prune::text[]
           and (@documents::uuid[] is null or c.document_id = any(@documents::uuid[]))
         order by score desc, c.document_id, c.ordinal
         limit @limit
        """;

    public Task<IReadOnlyList<(ChunkRecord Chunk, double Score)>> SearchAsync(string tenantId, string query, IReadOnlyList<Guid>? documentIds, int limit, CancellationToken ct) =>
        SearchAsync(tenantId, query, documentIds, limit, null, ct);

    /// <summary>
    /// With <paramref name="index"/> (the tenant's <see cref="Lexical.TenantLexicalIndex"/>), the same plan is scored in
    /// memory over every chunk holding any of its terms, and long queries' terms are counted there: no query runs.
    /// </summary>
    internal async Task<IReadOnlyList<(ChunkRecord Chunk, double Score)>> SearchAsync(
        string tenantId, string query, IReadOnlyList<Guid>? documentIds, int limit, Lexical.TenantLexicalIndex? index, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = ChunkTokenizer.QueryTerms(query);
        if (terms.Count == 0 || limit <= 0)
        {
            return [];
        }

        var statistics = await frequencies.GetAsync(ct);
        if (terms.Count > MaxQueryTerms && statistics.HasStatistics)
        {
            // Which of the many terms are rarest: the statistics list the common ones; count the others exactly.
            // Capped counts: a term at the cap keeps the statistics' estimate, only rarer ones get their exact count.
            var unlisted = terms.Where(t => !statistics.IsListed(t)).Take(MaxCountedTerms).ToList();
            var counts = index?.Count(unlisted, CountCap) ?? await frequencies.CountAsync(tenantId, unlisted, CountCap, ct);
            statistics = statistics.WithCounts(counts.Where(c => c.Value < CountCap).ToDictionary());
        }

        var plan = KeywordQueryPlan.Create(terms, statistics);
        if (plan.Terms.Count == 0)
        {
            return [];
        }

        if (index is not null)
        {
            return index.Score(plan.Terms, documentIds, limit);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ChunkRecord, double, (ChunkRecord Chunk, double Score)>(
            new CommandDefinition(SqlFor(plan.RequireAll), new
            {
                tenantId,
                terms = plan.Terms.Select(t => t.Term).ToArray(),
                weights = plan.Terms.Select(t => (float)t.Weight).ToArray(),
                prune = plan.Prune.ToArray(),
                documents = documentIds is { Count: > 0 } ? documentIds.ToArray() : null,
                limit,
            }, cancellationToken: ct),
            (chunk, score) => (chunk, score), splitOn: "score");
        return rows.AsList();
    }
}
