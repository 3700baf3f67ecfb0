namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// The cache slot of one (collection, tenant): the loaded cache (null while cold or after eviction), when it was last
/// brought up to date and last searched, and the one refresh in flight that concurrent searches share.
/// </summary>
internal sealed class TenantCacheEntry(string collection, string tenantId, int dimension) : IRefreshedSlot<TenantVectorCache>
{
    public string Collection { get; } = collection;

    public string TenantId { get; } = tenantId;

    public int Dimension { get; } = dimension;

    /// <summary>Guards <see cref="Refreshing"/> and the swap of <see cref="Cache"/>; never held during I/O.</summary>
    public object Sync { get; } = new();

    public TenantVectorCache? Cache { get; set; }

    TenantVectorCache? IRefreshedSlot<TenantVectorCache>.Current => Cache;

    public Task<TenantVectorCache?>? Refreshing { get; set; }

    public long RefreshedAtTimestamp { get; set; }

    /// <summary>A write through this process: the next search reads the changes whatever the interval.</summary>
    public volatile bool Dirty;

    private long lastUsed;

    public long LastUsed => Interlocked.Read(ref lastUsed);

    public bool AdviceGiven { get; set; }

    public void Touch(long timestamp) => Interlocked.Exchange(ref lastUsed, timestamp);
}
