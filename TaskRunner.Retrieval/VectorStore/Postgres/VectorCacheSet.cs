using System.Collections.Concurrent;
using Npgsql;
using TaskRunner.Retrieval.Embeddings;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>The process's vector caches, one per (collection, tenant), each brought up to date before use.</summary>
internal sealed class VectorCacheSet(NpgsqlDataSource dataSource) : IDisposable
{
    /// <summary>How long the deletion log keeps entries; a cache not refreshed for half of this reloads in full.</summary>
    public static readonly TimeSpan DeletionLogRetention = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string Collection, string Tenant), TenantVectorCache> caches = new();

    public async Task<TenantVectorCache> GetFreshAsync(EmbeddingModelInfo model, string tenantId, CancellationToken ct)
    {
        var cache = caches.GetOrAdd((model.CollectionName, tenantId), _ => new TenantVectorCache(model.Dimension));
        await cache.RefreshLock.WaitAsync(ct);
        try
        {
            var stale = Environment.TickCount64 - cache.RefreshedAtTicks > DeletionLogRetention.TotalMilliseconds / 2;
            var since = stale ? null : cache.Watermark;
            cache.Apply(await VectorChangeReader.ReadAsync(dataSource, model.CollectionName, tenantId, since, ct));
        }
        finally
        {
            cache.RefreshLock.Release();
        }

        return cache;
    }

    public void Dispose()
    {
        foreach (var cache in caches.Values)
        {
            cache.Dispose();
        }
    }
}
