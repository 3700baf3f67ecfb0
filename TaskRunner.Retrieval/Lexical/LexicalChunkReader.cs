using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval.Lexical;

/// <summary>Chunk texts for ranked keys: from the tenant's lexical index when it holds them, from Postgres otherwise.</summary>
internal static class LexicalChunkReader
{
    /// <summary>
    /// Keys the index lacks (a vector hit on a document that became ready after the index's last refresh, or one being
    /// deleted) are read from Postgres, so a passage is never lost to the index's staleness; with a fresh index that
    /// query does not run.
    /// </summary>
    public static async Task<IReadOnlyList<ChunkRecord>> GetManyAsync(
        ChunkStore store, TenantLexicalIndex? index, string tenantId, IReadOnlyList<(Guid DocumentId, int Ordinal)> keys, CancellationToken ct)
    {
        if (index is null)
        {
            return await store.GetManyAsync(tenantId, keys, ct);
        }

        var found = index.Chunks(keys).ToList();
        if (found.Count < keys.Count)
        {
            var held = found.Select(c => (c.DocumentId, c.Ordinal)).ToHashSet();
            found.AddRange(await store.GetManyAsync(tenantId, keys.Where(k => !held.Contains(k)).ToList(), ct));
        }

        return found;
    }
}
