namespace TaskRunner.Retrieval;

/// <summary>
/// The eviction rule shared by the Api's per-tenant in-memory copies (vectors, lexical index): past the memory budget,
/// the least recently searched tenants are dropped, never the one just loaded. A search still holding a dropped copy
/// finishes on it; the next one loads it again.
/// </summary>
internal static class TenantMemoryBudget
{
    /// <summary>
    /// Calls <paramref name="drop"/> on loaded entries, least recently used first and never <paramref name="keep"/>,
    /// until the loaded bytes fit <paramref name="budgetBytes"/>; <paramref name="loadedBytes"/> is null for an entry
    /// with nothing loaded.
    /// </summary>
    public static void Evict<TEntry>(IEnumerable<TEntry> entries, TEntry keep, long budgetBytes, Func<TEntry, long?> loadedBytes, Func<TEntry, long> lastUsed, Action<TEntry> drop)
        where TEntry : class
    {
        var loaded = entries.Where(e => loadedBytes(e) is not null).ToList();
        var total = loaded.Sum(e => loadedBytes(e) ?? 0);
        foreach (var victim in loaded.Where(e => e != keep).OrderBy(lastUsed))
        {
            if (total <= budgetBytes)
            {
                break;
            }

            total -= loadedBytes(victim) ?? 0;
            drop(victim);
        }
    }
}
