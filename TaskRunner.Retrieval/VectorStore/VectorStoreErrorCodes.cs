namespace TaskRunner.Retrieval.VectorStore;

/// <summary>Stable codes carried by <see cref="VectorStoreException"/>.</summary>
public static class VectorStoreErrorCodes
{
    /// <summary>Qdrant (or the embedded store) could not be reached or failed; the task is retried.</summary>
    public const string Unavailable = "vector_store_unavailable";

    /// <summary>The store refused the request itself (wrong dimension, bad id); retrying will not help.</summary>
    public const string Rejected = "vector_store_rejected";
}
