using Google.Protobuf;
using TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Testing.Qdrant;

/// <summary>One call the Qdrant test double received, decoded with Qdrant's own proto contract.</summary>
/// <param name="Method">The gRPC method, e.g. "/qdrant.Points/Query".</param>
/// <param name="ApiKey">The <c>api-key</c> metadata the call carried, if any.</param>
/// <param name="Request">The decoded request message (UpsertPoints, QueryPoints, ScrollPoints, DeletePoints, ...).</param>
public sealed record QdrantReceivedRequest(string Method, string? ApiKey, IMessage Request)
{
    /// <summary>The method name without the service, e.g. "Query".</summary>
    public string Name => Method[(Method.LastIndexOf('/') + 1)..];

    /// <summary>The filter of a query, scroll, count or delete-by-filter; null for other calls.</summary>
    public Filter? Filter => Request switch
    {
        QueryPoints q => q.Filter,
        SearchPoints s => s.Filter,
        ScrollPoints s => s.Filter,
        CountPoints c => c.Filter,
        DeletePoints { Points.PointsSelectorOneOfCase: PointsSelector.PointsSelectorOneOfOneofCase.Filter } d => d.Points.Filter,
        _ => null,
    };

    /// <summary>True for the calls that read or delete points, which must always carry the tenant condition.</summary>
    public bool TouchesPoints => Request is QueryPoints or SearchPoints or ScrollPoints or CountPoints or DeletePoints or GetPoints;

    /// <summary>The tenant the filter pins with a must condition on tenant_id; null when it pins none.</summary>
    public string? TenantFilter => QdrantFilterEvaluator.Tenant(Filter);
}
