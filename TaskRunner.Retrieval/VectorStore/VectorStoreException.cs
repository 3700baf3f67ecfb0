using TaskRunner.Tasks;

namespace TaskRunner.Retrieval.VectorStore;

/// <summary>A vector store call failed. Transient: retrying later may succeed (5xx, timeouts, network); otherwise the request itself is wrong.</summary>
public sealed class VectorStoreException(string message, bool isTransient, int? statusCode = null, Exception? innerException = null)
    : TaskRunnerException(isTransient ? VectorStoreErrorCodes.Unavailable : VectorStoreErrorCodes.Rejected, message, isTransient, innerException)
{
    public override string PublicMessage => IsTransient
        ? "The vector store was unavailable."
        : "The vector store rejected the request; the operators can find the details in the logs by the task id.";

    /// <summary>The store's status code (Qdrant: the gRPC <c>Grpc.Core.StatusCode</c> as a number); null when the store gave none.</summary>
    public int? StatusCode { get; } = statusCode;
}
