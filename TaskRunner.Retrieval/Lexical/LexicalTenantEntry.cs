namespace TaskRunner.Retrieval.Lexical;

/// <summary>One tenant's slot in <see cref="LexicalIndexSet"/>: its current index, the refresh in flight and when it was last used.</summary>
internal sealed class LexicalTenantEntry(string tenantId) : IRefreshedSlot<TenantLexicalIndex>
{
    private long lastUsed;

    public string TenantId { get; } = tenantId;

    public Lock Sync { get; } = new();

    /// <summary>Null before the first load, after eviction, and while the tenant is over the budget.</summary>
    public TenantLexicalIndex? Index { get; set; }

    TenantLexicalIndex? IRefreshedSlot<TenantLexicalIndex>.Current => Index;

    public long RefreshedAtTimestamp { get; set; }

    public Task<TenantLexicalIndex?>? Refreshing { get; set; }

    /// <summary>While the clock is before this, the tenant is too large for the budget and is searched in Postgres.</summary>
    public long OverBudgetUntilTimestamp { get; set; }

    public long LastUsed => Interlocked.Read(ref lastUsed);

    public void Touch(long timestamp) => Interlocked.Exchange(ref lastUsed, timestamp);
}
