using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TaskRunner.Shared.Embeddings;

namespace TaskRunner.Shared.VectorStore.Qdrant;

/// <summary>
/// <see cref="IVectorStore"/> over Qdrant's REST API (typed HttpClient). One collection per embedding model, cosine
/// distance, keyword index on tenant_id and uuid index on document_id. Every search, delete and listing is filtered by tenant.
/// </summary>
public sealed class QdrantVectorStore(HttpClient http, IOptions<QdrantOptions> options) : IVectorStore
{
    private const int ScrollPageSize = 256;

    public async Task EnsureCollectionAsync(EmbeddingModelInfo model, CancellationToken ct)
    {
        var name = Collection(model);
        var response = await QdrantHttp.SendAsync(http, HttpMethod.Get, $"collections/{name}", null, ct, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            var info = await QdrantHttp.ReadResultAsync<JsonElement>(response, name, ct).ConfigureAwait(false);
            CheckDimension(model, info);
        }
        else
        {
            response.Dispose();
            // 409: another worker created it between our GET and PUT; that is fine.
            using var created = await QdrantHttp.SendAsync(http, HttpMethod.Put, $"collections/{name}",
                new CreateCollectionRequest(new VectorParams(model.Dimension, "Cosine")), ct, HttpStatusCode.Conflict).ConfigureAwait(false);
        }

        // Creating an existing index is a no-op in Qdrant, so this also repairs a collection created without them.
        await CreateIndexAsync(name, QdrantPayload.TenantId, "keyword", ct).ConfigureAwait(false);
        await CreateIndexAsync(name, QdrantPayload.DocumentId, "uuid", ct).ConfigureAwait(false);
    }

    public async Task UpsertAsync(EmbeddingModelInfo model, IReadOnlyList<VectorPoint> points, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(points);
        var name = Collection(model);
        foreach (var point in points)
        {
            if (point.Vector.Length != model.Dimension)
                throw new VectorStoreException($"Point {point.Id} has {point.Vector.Length} dimensions; collection {name} holds {model.Dimension}.", isTransient: false);
        }

        foreach (var batch in points.Chunk(options.Value.UpsertBatchSize))
        {
            var body = new PointsListRequest(batch.Select(p => new PointStructDto(p.Id, p.Vector, QdrantPayload.ToWire(p.Payload))).ToList());
            using var response = await QdrantHttp.SendAsync(http, HttpMethod.Put, $"collections/{name}/points?wait=true", body, ct).ConfigureAwait(false);
        }
    }

    public async Task DeleteDocumentAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct)
    {
        var body = new FilterSelectorRequest(Filter(tenantId, [documentId]));
        using var response = await QdrantHttp.SendAsync(http, HttpMethod.Post, $"collections/{Collection(model)}/points/delete?wait=true", body, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(EmbeddingModelInfo model, VectorQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0) return [];
        var path = $"collections/{Collection(model)}/points/query";
        var body = new QueryRequestDto(query.Vector, Filter(query.TenantId, query.DocumentIds), query.Limit, WithPayload: true);
        var response = await QdrantHttp.SendAsync(http, HttpMethod.Post, path, body, ct).ConfigureAwait(false);
        var result = await QdrantHttp.ReadResultAsync<QueryResponseDto>(response, path, ct).ConfigureAwait(false);
        return result.Points.Select(p => new VectorHit(QdrantPayload.ParseId(p.Id), p.Score, QdrantPayload.FromWire(p.Payload))).ToList();
    }

    public async Task<IReadOnlyList<Guid>> ListPointIdsAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct)
    {
        var path = $"collections/{Collection(model)}/points/scroll";
        var ids = new List<Guid>();
        JsonElement? offset = null;
        do
        {
            var body = new ScrollRequestDto(Filter(tenantId, [documentId]), ScrollPageSize, offset, WithPayload: false, WithVector: false);
            var response = await QdrantHttp.SendAsync(http, HttpMethod.Post, path, body, ct).ConfigureAwait(false);
            var page = await QdrantHttp.ReadResultAsync<ScrollResultDto>(response, path, ct).ConfigureAwait(false);
            ids.AddRange(page.Points.Select(p => QdrantPayload.ParseId(p.Id)));
            offset = page.NextPageOffset is { ValueKind: not JsonValueKind.Null } next ? next : null;
        }
        while (offset is not null);

        return ids;
    }

    public async Task<IReadOnlyList<StoredPoint>> ListPointsAsync(EmbeddingModelInfo model, string tenantId, CancellationToken ct)
    {
        var points = new List<StoredPoint>();
        await foreach (var page in ListPointPagesAsync(model, tenantId, ScrollPageSize, ct).ConfigureAwait(false))
        {
            points.AddRange(page);
        }

        return points;
    }

    public async IAsyncEnumerable<IReadOnlyList<StoredPoint>> ListPointPagesAsync(EmbeddingModelInfo model, string tenantId, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var path = $"collections/{Collection(model)}/points/scroll";
        JsonElement? offset = null;
        do
        {
            var body = new ScrollRequestDto(Filter(tenantId, null), pageSize, offset, WithPayload: true, WithVector: false);
            var response = await QdrantHttp.SendAsync(http, HttpMethod.Post, path, body, ct).ConfigureAwait(false);
            var page = await QdrantHttp.ReadResultAsync<ScrollResultDto>(response, path, ct).ConfigureAwait(false);
            yield return page.Points.Select(p => new StoredPoint(QdrantPayload.ParseId(p.Id), QdrantPayload.FromWire(p.Payload))).ToList();
            offset = page.NextPageOffset is { ValueKind: not JsonValueKind.Null } next ? next : null;
        }
        while (offset is not null);
    }

    public async Task DeletePointsAsync(EmbeddingModelInfo model, string tenantId, IReadOnlyList<Guid> pointIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pointIds);
        foreach (var batch in pointIds.Distinct().Chunk(options.Value.UpsertBatchSize))
        {
            // The tenant condition stays in the filter, so a delete can never reach another tenant's points.
            var filter = Filter(tenantId, null);
            var body = new FilterSelectorRequest(new QdrantFilter([.. filter.Must, new HasIdConditionDto(batch)]));
            using var response = await QdrantHttp.SendAsync(http, HttpMethod.Post, $"collections/{Collection(model)}/points/delete?wait=true", body, ct).ConfigureAwait(false);
        }
    }

    private async Task CreateIndexAsync(string collection, string field, string schema, CancellationToken ct)
    {
        using var response = await QdrantHttp.SendAsync(http, HttpMethod.Put, $"collections/{collection}/index?wait=true",
            new CreateFieldIndexRequest(field, schema), ct).ConfigureAwait(false);
    }

    /// <summary>The tenant condition is always present; document ids narrow further when given.</summary>
    private static QdrantFilter Filter(string tenantId, IReadOnlyList<Guid>? documentIds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var must = new List<object> { new FieldConditionDto(QdrantPayload.TenantId, new MatchValueDto(tenantId)) };
        if (documentIds is { Count: > 0 })
            must.Add(new FieldConditionDto(QdrantPayload.DocumentId, new MatchAnyDto(documentIds.Distinct().Select(d => d.ToString("D")).ToList())));
        return new QdrantFilter(must);
    }

    private static string Collection(EmbeddingModelInfo model) => Uri.EscapeDataString(model.CollectionName);

    private static void CheckDimension(EmbeddingModelInfo model, JsonElement info)
    {
        if (info.TryGetProperty("config", out var config) && config.TryGetProperty("params", out var p)
            && p.TryGetProperty("vectors", out var vectors) && vectors.TryGetProperty("size", out var size)
            && size.TryGetInt32(out var existing) && existing != model.Dimension)
            throw new VectorStoreException(
                $"Qdrant collection {model.CollectionName} holds {existing}-dimensional vectors but model {model.ModelName} produces {model.Dimension}.", isTransient: false);
    }
}
