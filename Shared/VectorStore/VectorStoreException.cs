namespace TaskRunner.Shared.VectorStore;

/// <summary>A vector store call failed. <see cref="IsTransient"/>: retrying later may succeed (unavailable, timeouts, network); otherwise the request itself is wrong.</summary>
public sealed class VectorStoreException : Exception
{
    public VectorStoreException(string message, bool isTransient, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
    }

    public bool IsTransient { get; }

    /// <summary>The store's status code (Qdrant: the gRPC <c>Grpc.Core.StatusCode</c> as a number); null when the store gave none.</summary>
    public int? StatusCode { get; }
}
