using System.Collections.Concurrent;
using Grpc.Core;

namespace TaskRunner.Testing.Qdrant;

/// <summary>What the double's services share: collections, the call log, injected failures and the expected api key.</summary>
internal sealed class QdrantTestState(string? apiKey, bool requireTenantFilter)
{
    public ConcurrentDictionary<string, QdrantTestCollection> Collections { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<QdrantReceivedRequest> Requests { get; } = new();

    public ConcurrentQueue<Status> Failures { get; } = new();

    public string? ApiKey { get; } = apiKey;

    public bool RequireTenantFilter { get; } = requireTenantFilter;

    public QdrantTestCollection Collection(string name) =>
        Collections.TryGetValue(name, out var collection)
            ? collection
            : throw new RpcException(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));
}
