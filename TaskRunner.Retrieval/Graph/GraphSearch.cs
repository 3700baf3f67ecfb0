namespace TaskRunner.Retrieval.Graph;

/// <summary>
/// Graph expansion at query time: the question's terms (<see cref="GraphTerms"/>) are expanded through their
/// <see cref="Fanout"/> strongest neighbours in the tenant's graph, and the chunks holding the question's terms
/// (weight 1) or the neighbours (weight <see cref="NeighbourWeight"/> times the neighbour's relative strength) are
/// ranked. A chunk sharing no word with the question is found when it holds a term linked to one of the question's.
/// </summary>
public sealed class GraphSearch(GraphStore store)
{
    public const int Fanout = 8;
    public const double NeighbourWeight = 0.5;

    public Task<IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)>> SearchAsync(
        string tenantId, string query, IReadOnlyList<Guid>? documentIds, int limit, CancellationToken ct) =>
        SearchAsync(tenantId, query, documentIds, limit, null, ct);

    /// <summary>With <paramref name="index"/> (the tenant's <see cref="Lexical.TenantLexicalIndex"/>) the expansion runs in memory.</summary>
    internal async Task<IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)>> SearchAsync(
        string tenantId, string query, IReadOnlyList<Guid>? documentIds, int limit, Lexical.TenantLexicalIndex? index, CancellationToken ct)
    {
        var seeds = GraphTerms.Distinct(query).Take(32).ToList();
        if (seeds.Count == 0 || limit <= 0)
        {
            return [];
        }

        if (index is not null)
        {
            return index.Expand(seeds, documentIds, Fanout, NeighbourWeight, limit);
        }

        return await store.ExpandAsync(tenantId, seeds, documentIds, Fanout, NeighbourWeight, limit, ct);
    }
}
