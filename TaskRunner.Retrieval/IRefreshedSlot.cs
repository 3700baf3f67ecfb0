namespace TaskRunner.Retrieval;

/// <summary>
/// A tenant's slot in one of the Api's in-memory copies (vector cache, lexical index): the copy (null while cold or
/// evicted), when it was last refreshed, and the one refresh in flight that concurrent searches share. Read and written
/// under the slot's own lock.
/// </summary>
internal interface IRefreshedSlot<T>
    where T : class
{
    T? Current { get; }

    long RefreshedAtTimestamp { get; }

    Task<T?>? Refreshing { get; set; }
}
