namespace TaskRunner.Shared.VectorStore;

/// <summary>A vector store call failed. <see cref="IsTransient"/>: retrying later may succeed (5xx, timeouts, network); otherwise the request itself is wrong.</summary>
public sealed class VectorStoreException : Exception
{
    public VectorStoreException(string message, bool isTransient, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
    }

    public bool IsTransient { get; }

    /// <summary>HTTP status of the store's answer; null when none arrived (network error, timeout).</summary>
    public int? StatusCode { get; }
}
