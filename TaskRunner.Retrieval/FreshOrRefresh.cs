namespace TaskRunner.Retrieval;

/// <summary>
/// The freshness rule both in-memory copies follow (<c>VectorCacheSet</c>, <c>LexicalIndexSet</c>), decided under the
/// slot's lock: the current copy while it was refreshed less than the interval ago; the current copy as it is while
/// another search's refresh runs (stale by at most the interval plus one refresh, instead of queueing behind it for a
/// pooled connection); otherwise the refresh to wait for, the running one or a new one started on the pool, so the lock
/// is released before any I/O begins.
/// </summary>
internal static class FreshOrRefresh
{
    /// <summary>
    /// Call while holding the slot's lock. Returns the copy to use now, or null and the refresh to await.
    /// <paramref name="changed"/>: this process wrote to the tenant, so the copy is stale whatever its age.
    /// </summary>
    public static T? Decide<T>(IRefreshedSlot<T> slot, TimeProvider time, long now, int intervalMs, bool changed, Func<Task<T?>> refresh, out Task<T?>? pending)
        where T : class
    {
        pending = null;
        if (!changed && slot.Current is { } current)
        {
            if (time.GetElapsedTime(slot.RefreshedAtTimestamp, now).TotalMilliseconds < intervalMs)
            {
                return current;
            }

            if (intervalMs > 0 && slot.Refreshing is { IsCompleted: false })
            {
                return current;
            }
        }

        if (slot.Refreshing is null || slot.Refreshing.IsCompleted)
        {
            slot.Refreshing = Task.Run(refresh, CancellationToken.None);
        }

        pending = slot.Refreshing;
        return null;
    }
}
