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

    public async Task<IReadOnlyList<((Guid DocumentId, int Ordinal) Key, double Score)>> SearchAsync(
        string tenantId, string query, IReadOnlyList<Guid>? documentIds, int limit, CancellationToken ct)
    {
        var seeds = GraphTerms.Distinct(query).Take(32).ToList();
        if (seeds.Count == 0 || limit <= 0)
        {
            return [];
        }

        var neighbours = await store.NeighboursAsync(tenantId, seeds, documentIds, Fanout, ct);
        var strongest = neighbours.Count > 0 ? neighbours.Max(n => n.Strength) : 1;
        var weighted = seeds.Select(s => (s, 1.0))
            .Concat(neighbours.Select(n => (n.Term, NeighbourWeight * n.Strength / strongest)))
            .ToList();
        return await store.ChunksAsync(tenantId, weighted, documentIds, limit, ct);
    }
}
