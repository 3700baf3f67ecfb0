using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TaskRunner.Retrieval.Lexical;

/// <summary>
/// The process's lexical indexes, one per tenant (<see cref="TenantLexicalIndex"/>), kept as the vector cache keeps
/// vectors (<see cref="FreshOrRefresh"/>): a search uses the index as it is while it was refreshed less than <see cref="LexicalIndexOptions.RefreshIntervalMs"/>
/// ago; otherwise the search that finds it stale starts the one refresh (list the ready documents and their versions,
/// load only new or changed ones, drop the rest) and waits for it, while searches arriving during that refresh use the
/// index as it is. A tenant's first load is waited for up to <see cref="LexicalIndexOptions.FirstLoadWaitMs"/>; past
/// that, or while the tenant is over the memory budget, <see cref="TryGetAsync"/> answers null and the caller uses SQL.
/// Past the budget, the least recently searched tenants are dropped.
/// </summary>
public sealed partial class LexicalIndexSet : IDisposable
{
    private readonly ConcurrentDictionary<string, LexicalTenantEntry> entries = new(StringComparer.Ordinal);
    private readonly Lock evictionSync = new();
    private readonly CancellationTokenSource disposed = new();
    private readonly LexicalIndexLoader loader;
    private readonly LexicalIndexOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<LexicalIndexSet> logger;

    internal LexicalIndexSet(LexicalIndexLoader loader, IOptions<LexicalIndexOptions> options, TimeProvider time, ILogger<LexicalIndexSet> logger)
    {
        this.loader = loader;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>A set over <paramref name="dataSource"/>, for hosts that build it by hand (the benchmark); the Api registers it with <c>AddLexicalIndex</c>.</summary>
    public static LexicalIndexSet Create(NpgsqlDataSource dataSource, LexicalIndexOptions options, TimeProvider time, ILogger<LexicalIndexSet> logger) =>
        new(new LexicalIndexLoader(dataSource), Options.Create(options), time, logger);

    private long BudgetBytes => (long)options.MemoryBudgetMB * 1024 * 1024;

    /// <summary>The tenant's index, fresh within the interval; null when the caller should search Postgres instead.</summary>
    internal async Task<TenantLexicalIndex?> TryGetAsync(string tenantId, CancellationToken ct)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var entry = entries.GetOrAdd(tenantId, id => new LexicalTenantEntry(id));
        var now = time.GetTimestamp();
        entry.Touch(now);
        Task<TenantLexicalIndex?>? refresh;
        bool first;
        lock (entry.Sync)
        {
            if (entry.Index is null && now < entry.OverBudgetUntilTimestamp)
            {
                return null;
            }

            if (FreshOrRefresh.Decide(entry, time, now, options.RefreshIntervalMs, changed: false, () => RefreshAsync(entry, disposed.Token), out refresh) is { } ready)
            {
                return ready;
            }

            first = entry.Index is null;
        }

        if (!first)
        {
            return await refresh!.WaitAsync(ct);
        }

        try
        {
            return await refresh!.WaitAsync(TimeSpan.FromMilliseconds(options.FirstLoadWaitMs), time, ct);
        }
        catch (TimeoutException)
        {
            return null; // the load goes on; searches use Postgres until it is in
        }
    }

    /// <summary>The tenants in memory now, with their document and chunk counts and estimated bytes.</summary>
    public IReadOnlyList<(string TenantId, int Documents, int Chunks, long Bytes)> Loaded() =>
        entries.Values.Select(e => (e.TenantId, e.Index)).Where(x => x.Index is not null)
            .Select(x => (x.TenantId, x.Index!.Documents.Count, x.Index.ChunkCount, x.Index.Bytes)).ToList();

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }

    private async Task<TenantLexicalIndex?> RefreshAsync(LexicalTenantEntry entry, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var current = entry.Index ?? TenantLexicalIndex.Empty;
        var listed = await loader.ListReadyAsync(entry.TenantId, ct);
        var kept = current.Documents.Values.Where(d => listed.TryGetValue(d.Id, out var version) && version == d.Version).ToDictionary(d => d.Id);
        var changed = listed.Keys.Where(id => !kept.ContainsKey(id)).ToList();
        var next = current;
        if (entry.Index is null || changed.Count > 0 || kept.Count != current.Documents.Count)
        {
            foreach (var document in await loader.LoadAsync(entry.TenantId, changed, ct))
            {
                kept[document.Id] = document;
            }

            next = new TenantLexicalIndex(kept);
            LogRefreshed(entry.TenantId, changed.Count, next.Documents.Count, next.ChunkCount, next.Bytes / 1024, (long)time.GetElapsedTime(started).TotalMilliseconds);
        }

        if (next.Bytes > BudgetBytes)
        {
            lock (entry.Sync)
            {
                entry.Index = null;
                entry.OverBudgetUntilTimestamp = time.GetTimestamp() + (options.OverBudgetRetrySeconds * time.TimestampFrequency);
            }

            LogOverBudget(entry.TenantId, next.Bytes / (1024 * 1024), options.MemoryBudgetMB);
            return null;
        }

        lock (entry.Sync)
        {
            entry.Index = next;
            entry.RefreshedAtTimestamp = started;
        }

        EvictBeyondBudget(entry);
        return next;
    }

    /// <summary>Drops the least recently searched tenants (never <paramref name="keep"/>) until the indexes fit the budget.</summary>
    private void EvictBeyondBudget(LexicalTenantEntry keep)
    {
        lock (evictionSync)
        {
            TenantMemoryBudget.Evict(entries.Values, keep, BudgetBytes, e => e.Index?.Bytes, e => e.LastUsed, victim =>
            {
                lock (victim.Sync)
                {
                    victim.Index = null;
                }

                LogEvicted(victim.TenantId, options.MemoryBudgetMB);
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lexical index of {TenantId} refreshed: {Loaded} documents loaded, {Documents} documents, {Chunks} chunks, {Kilobytes} KB in {ElapsedMs} ms")]
    private partial void LogRefreshed(string tenantId, int loaded, int documents, int chunks, long kilobytes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lexical index of {TenantId} evicted to stay within {BudgetMB} MB (LexicalIndex__MemoryBudgetMB)")]
    private partial void LogEvicted(string tenantId, int budgetMB);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lexical index of {TenantId} needs {Megabytes} MB, over the {BudgetMB} MB budget (LexicalIndex__MemoryBudgetMB): its searches use Postgres")]
    private partial void LogOverBudget(string tenantId, long megabytes, int budgetMB);
}
