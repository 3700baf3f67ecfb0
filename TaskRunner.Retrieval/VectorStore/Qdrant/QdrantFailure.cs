using Grpc.Core;
using Qdrant.Client;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

/// <summary>
/// Turns what the Qdrant client throws into a <see cref="VectorStoreException"/> that says transient or permanent.
/// Messages name the operation and the gRPC status; the server's detail is kept only when Qdrant itself wrote it
/// (a rejected request), because a connection failure's detail names the host and port, and task errors reach users.
/// </summary>
internal static class QdrantFailure
{
    /// <summary>Codes a retry of the same call may cure; the retry pipeline retries exactly these.</summary>
    public static bool IsRetryable(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted;

    /// <summary>Codes after which the task should be tried again later (the retryable ones, plus server-side faults).</summary>
    public static bool IsTransient(StatusCode code) =>
        IsRetryable(code) || code is StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled;

    public static VectorStoreException From(string operation, string collection, Exception exception) => exception switch
    {
        RpcException rpc => FromRpc(operation, collection, rpc),
        QdrantException q => new VectorStoreException($"Qdrant {operation} on {collection} was not acknowledged: {q.Message} (permanent).", isTransient: false, innerException: q),
        _ => new VectorStoreException($"Qdrant {operation} on {collection} failed: {exception.GetType().Name} (transient).", isTransient: true, innerException: exception),
    };

    private static VectorStoreException FromRpc(string operation, string collection, RpcException rpc)
    {
        var transient = IsTransient(rpc.StatusCode);
        var kind = transient ? "transient" : "permanent";
        var message = transient
            ? $"Qdrant {operation} on {collection} failed: {rpc.StatusCode} ({kind})."
            : $"Qdrant {operation} on {collection} failed: {rpc.StatusCode}: {rpc.Status.Detail} ({kind}).";
        return new VectorStoreException(message, transient, (int)rpc.StatusCode, rpc);
    }
}
