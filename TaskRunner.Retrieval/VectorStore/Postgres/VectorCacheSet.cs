using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using TaskRunner.Retrieval.Embeddings;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// The process's vector caches, one per (collection, tenant), kept fresh by <see cref="FreshOrRefresh"/>. A search uses
/// the cache as it is while it was brought up to date less than <see cref="EmbeddedVectorStoreOptions.RefreshIntervalMs"/>
/// ago (bounded staleness; a write through this process makes it read the changes at once); otherwise the search that
/// finds it stale starts the one refresh for that tenant and waits for it, while searches arriving during that refresh
/// use the cache as it is.
/// A cold tenant is loaded into a private cache and swapped in, so no lock is held during I/O and other tenants'
/// searches never wait. Past the memory budget, the least recently searched tenants are dropped.
/// </summary>
internal sealed partial class VectorCacheSet(NpgsqlDataSource dataSource, EmbeddedVectorStoreOptions options, TimeProvider time, ILogger logger) : IDisposable
{
    /// <summary>How long the deletion log keeps entries; a cache loaded longer ago than half of this is loaded again in full.</summary>
    public static readonly TimeSpan DeletionLogRetention = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string Collection, string Tenant), TenantCacheEntry> entries = new();
    private readonly Lock evictionSync = new();
    private readonly CancellationTokenSource disposed = new();

    private long BudgetBytes => (long)options.CacheBudgetMB * 1024 * 1024;

    public async Task<TenantVectorCache> GetFreshAsync(EmbeddingModelInfo model, string tenantId, CancellationToken ct)
    {
        var entry = entries.GetOrAdd((model.CollectionName, tenantId), key => new TenantCacheEntry(key.Collection, key.Tenant, model.Dimension));
        var now = time.GetTimestamp();
        entry.Touch(now);
        Task<TenantVectorCache?>? refresh;
        lock (entry.Sync)
        {
            // While another search's refresh runs, this one uses the cache as it is instead of queueing behind it for a
            // pooled connection: under load that queue, not the scan, was what made vector search slow.
            if (FreshOrRefresh.Decide(entry, time, now, options.RefreshIntervalMs, entry.Dirty, () => RefreshAsync(entry, disposed.Token), out refresh) is { } ready)
            {
                return ready;
            }
        }

        // A vector refresh always ends with a cache (it throws rather than answer null).
        return (await refresh!.WaitAsync(ct))!;
    }

    /// <summary>This process wrote to the tenant: its next search reads the changes, whatever the interval.</summary>
    public void MarkChanged(string collection, string tenantId)
    {
        if (entries.TryGetValue((collection, tenantId), out var entry))
        {
            entry.Dirty = true;
        }
    }

    /// <summary>The tenants in memory now, with their vector counts and bytes.</summary>
    public IReadOnlyList<(string Collection, string TenantId, int Vectors, long Bytes)> Loaded() =>
        entries.Values.Select(e => (e, e.Cache)).Where(x => x.Cache is not null)
            .Select(x => (x.e.Collection, x.e.TenantId, x.Cache!.Count, x.Cache.Bytes)).ToList();

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }

    private async Task<TenantVectorCache?> RefreshAsync(TenantCacheEntry entry, CancellationToken ct)
    {
        entry.Dirty = false;
        var started = time.GetTimestamp();
        var cache = entry.Cache;
        if (cache is null || Environment.TickCount64 - cache.LoadedAtTicks > DeletionLogRetention.TotalMilliseconds / 2)
        {
            var fresh = new TenantVectorCache(entry.Dimension, options.RowsPerSlab);
            fresh.CompleteLoad(await VectorChangeReader.LoadAsync(dataSource, entry.Collection, entry.TenantId, fresh.Load, ct));
            LogLoaded(entry.Collection, entry.TenantId, fresh.Count, fresh.Bytes / (1024 * 1024), (long)time.GetElapsedTime(started).TotalMilliseconds);
            cache = fresh;
        }
        else
        {
            cache.Apply(await VectorChangeReader.ReadChangesAsync(dataSource, entry.Collection, entry.TenantId, cache.Watermark, ct));
        }

        lock (entry.Sync)
        {
            entry.Cache = cache;
            entry.RefreshedAtTimestamp = started;
        }

        if (cache.Count > options.QdrantAdviceVectors && !entry.AdviceGiven)
        {
            entry.AdviceGiven = true;
            LogQdrantAdvice(entry.Collection, entry.TenantId, cache.Count, options.QdrantAdviceVectors);
        }

        EvictBeyondBudget(entry);
        return cache;
    }

    /// <summary>Drops the least recently searched tenants (never <paramref name="keep"/>) until the caches fit the budget.</summary>
    private void EvictBeyondBudget(TenantCacheEntry keep)
    {
        lock (evictionSync)
        {
            TenantMemoryBudget.Evict(entries.Values, keep, BudgetBytes, e => e.Cache?.Bytes, e => e.LastUsed, victim =>
            {
                lock (victim.Sync)
                {
                    victim.Cache = null;
                }

                LogEvicted(victim.Collection, victim.TenantId, options.CacheBudgetMB);
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vector cache of {Collection}/{TenantId} loaded: {Vectors} vectors, {Megabytes} MB in {ElapsedMs} ms")]
    private partial void LogLoaded(string collection, string tenantId, int vectors, long megabytes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vector cache of {Collection}/{TenantId} evicted to stay within {BudgetMB} MB (VectorStore__CacheBudgetMB)")]
    private partial void LogEvicted(string collection, string tenantId, int budgetMB);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} has {Vectors} vectors in {Collection}, above {AdviceVectors} (VectorStore__QdrantAdviceVectors): move it to Qdrant (set Qdrant__Url) for faster search and less memory")]
    private partial void LogQdrantAdvice(string collection, string tenantId, int vectors, int adviceVectors);
}
