using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

/// <summary>
/// <see cref="IVectorStore"/> over Qdrant's gRPC API through the official client. One collection per embedding model,
/// cosine distance, a tenant keyword index on tenant_id and a uuid index on document_id. Every search, delete and
/// listing carries the tenant condition. Transient failures are retried by <see cref="QdrantRetryPipeline"/>; what is
/// left surfaces as a <see cref="VectorStoreException"/>.
/// </summary>
public sealed partial class QdrantVectorStore(QdrantConnection connection, IOptions<QdrantOptions> options, ILogger<QdrantVectorStore> logger)
    : IVectorStore
{
    private const uint ScrollPageSize = 256;
    private readonly QdrantClient _client = connection.Client;
    private readonly ResiliencePipeline _retry = QdrantRetryPipeline.Create(options.Value, logger);

    public async Task EnsureCollectionAsync(EmbeddingModelInfo model, CancellationToken ct)
    {
        var name = model.CollectionName;
        var info = await TryGetCollectionAsync(name, ct).ConfigureAwait(false);
        if (info is null)
        {
            var created = await CallAsync("create collection", name, async token =>
            {
                try
                {
                    await _client.CreateCollectionAsync(name, new VectorParams { Size = (ulong)model.Dimension, Distance = Distance.Cosine },
                        cancellationToken: token).ConfigureAwait(false);
                    return true;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
                {
                    return false; // another worker created it between our look and our create
                }
            }, ct).ConfigureAwait(false);
            if (created) LogCollectionCreated(name, model.Dimension);
            else CheckDimension(model, await CallAsync("get collection", name, token => _client.GetCollectionInfoAsync(name, token), ct).ConfigureAwait(false));
        }
        else
        {
            CheckDimension(model, info);
        }

        // Creating an existing index is a no-op in Qdrant; asking only for missing ones also repairs an older collection.
        if (info is null || !info.PayloadSchema.ContainsKey(QdrantPayload.TenantId))
        {
            var tenantIndex = new PayloadIndexParams { KeywordIndexParams = new KeywordIndexParams { IsTenant = true } };
            await CallAsync("create tenant index", name, token =>
                _client.CreatePayloadIndexAsync(name, QdrantPayload.TenantId, PayloadSchemaType.Keyword, tenantIndex, cancellationToken: token), ct).ConfigureAwait(false);
        }

        if (info is null || !info.PayloadSchema.ContainsKey(QdrantPayload.DocumentId))
        {
            await CallAsync("create document index", name, token =>
                _client.CreatePayloadIndexAsync(name, QdrantPayload.DocumentId, PayloadSchemaType.Uuid, cancellationToken: token), ct).ConfigureAwait(false);
        }
    }

    public async Task UpsertAsync(EmbeddingModelInfo model, IReadOnlyList<VectorPoint> points, CancellationToken ct, TaskFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var name = model.CollectionName;
        foreach (var point in points)
        {
            if (point.Vector.Length != model.Dimension)
                throw new VectorStoreException($"Point {point.Id} has {point.Vector.Length} dimensions; collection {name} holds {model.Dimension} (permanent).", isTransient: false);
        }

        foreach (var batch in points.Chunk(options.Value.UpsertBatchSize))
        {
            // Qdrant cannot join a Postgres transaction: the fence is checked just before each request. A run superseded
            // during that request may still land one batch, which is harmless: ids and vectors are the same for every run.
            if (fence is not null)
            {
                await fence.CheckAsync(ct).ConfigureAwait(false);
            }

            var structs = batch.Select(QdrantPayload.ToPoint).ToList();
            await CallAsync("upsert", name, token => _client.UpsertAsync(name, structs, wait: true, cancellationToken: token), ct).ConfigureAwait(false);
        }
    }

    public async Task DeleteDocumentAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct, TaskFence? fence = null)
    {
        if (fence is not null)
        {
            await fence.CheckAsync(ct).ConfigureAwait(false);
        }

        var name = model.CollectionName;
        var filter = Filter(tenantId, [documentId]);
        await CallAsync("delete document", name, token => _client.DeleteAsync(name, filter, wait: true, cancellationToken: token), ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(EmbeddingModelInfo model, VectorQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0) return [];
        var name = model.CollectionName;
        var filter = Filter(query.TenantId, query.DocumentIds);
        var nearest = new Query { Nearest = new VectorInput { Dense = new DenseVector { Data = { query.Vector } } } };
        var points = await CallAsync("query", name, token => _client.QueryAsync(name, nearest, filter: filter, limit: (ulong)query.Limit,
            payloadSelector: new WithPayloadSelector { Enable = true }, cancellationToken: token), ct).ConfigureAwait(false);
        return points.Select(p => new VectorHit(QdrantPayload.ParseId(p.Id), p.Score, QdrantPayload.FromWire(p.Payload))).ToList();
    }

    public async Task<IReadOnlyList<Guid>> ListPointIdsAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct)
    {
        var points = await ScrollAllAsync(model.CollectionName, Filter(tenantId, [documentId]), withPayload: false, ct).ConfigureAwait(false);
        return points.Select(p => QdrantPayload.ParseId(p.Id)).ToList();
    }

    public async Task<IReadOnlyList<StoredPoint>> ListPointsAsync(EmbeddingModelInfo model, string tenantId, CancellationToken ct)
    {
        var points = new List<StoredPoint>();
        await foreach (var page in ListPointPagesAsync(model, tenantId, (int)ScrollPageSize, ct).ConfigureAwait(false))
        {
            points.AddRange(page);
        }

        return points;
    }

    public async IAsyncEnumerable<IReadOnlyList<StoredPoint>> ListPointPagesAsync(EmbeddingModelInfo model, string tenantId, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var name = model.CollectionName;
        var filter = Filter(tenantId, null);
        PointId? offset = null;
        do
        {
            var from = offset;
            var page = await CallAsync("scroll", name, token => _client.ScrollAsync(name, filter, (uint)pageSize, from,
                new WithPayloadSelector { Enable = true }, new WithVectorsSelector { Enable = false }, cancellationToken: token), ct).ConfigureAwait(false);
            yield return page.Result.Select(p => new StoredPoint(QdrantPayload.ParseId(p.Id), QdrantPayload.FromWire(p.Payload))).ToList();
            offset = page.NextPageOffset;
        }
        while (offset is not null);
    }

    public async Task DeletePointsAsync(EmbeddingModelInfo model, string tenantId, IReadOnlyList<Guid> pointIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pointIds);
        var name = model.CollectionName;
        foreach (var batch in pointIds.Distinct().Chunk(options.Value.UpsertBatchSize))
        {
            // Deleting by a filter that keeps the tenant condition (not by bare ids) means a delete can never reach another tenant's points.
            var filter = Filter(tenantId, null);
            filter.Must.Add(Conditions.HasId(batch));
            await CallAsync("delete points", name, token => _client.DeleteAsync(name, filter, wait: true, cancellationToken: token), ct).ConfigureAwait(false);
        }
    }

    private async Task<List<RetrievedPoint>> ScrollAllAsync(string name, Filter filter, bool withPayload, CancellationToken ct)
    {
        var points = new List<RetrievedPoint>();
        PointId? offset = null;
        do
        {
            var from = offset;
            var page = await CallAsync("scroll", name, token => _client.ScrollAsync(name, filter, ScrollPageSize, from,
                new WithPayloadSelector { Enable = withPayload }, new WithVectorsSelector { Enable = false }, cancellationToken: token), ct).ConfigureAwait(false);
            points.AddRange(page.Result);
            offset = page.NextPageOffset;
        }
        while (offset is not null);

        return points;
    }

    private async Task<CollectionInfo?> TryGetCollectionAsync(string name, CancellationToken ct)
    {
        try
        {
            return await _retry.ExecuteAsync(async token => await _client.GetCollectionInfoAsync(name, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (ex is RpcException or QdrantException)
        {
            throw QdrantFailure.From("get collection", name, ex);
        }
    }

    /// <summary>Runs one client call through the retry pipeline; whatever still fails becomes a <see cref="VectorStoreException"/>.</summary>
    private async Task<T> CallAsync<T>(string operation, string collection, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await _retry.ExecuteAsync(async token => await call(token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (Exception ex) when (ex is RpcException or QdrantException)
        {
            LogCallFailed(ex, operation, collection);
            throw QdrantFailure.From(operation, collection, ex);
        }
    }

    /// <summary>The tenant condition is always present; document ids narrow further when given.</summary>
    private static Filter Filter(string tenantId, IReadOnlyList<Guid>? documentIds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var filter = new Filter { Must = { Conditions.MatchKeyword(QdrantPayload.TenantId, tenantId) } };
        if (documentIds is { Count: > 0 })
            filter.Must.Add(Conditions.Match(QdrantPayload.DocumentId, documentIds.Distinct().Select(d => d.ToString("D")).ToList()));
        return filter;
    }

    private static void CheckDimension(EmbeddingModelInfo model, CollectionInfo info)
    {
        var size = info.Config?.Params?.VectorsConfig?.Params?.Size;
        if (size is { } existing && existing != (ulong)model.Dimension)
            throw new VectorStoreException(
                $"Qdrant collection {model.CollectionName} holds {existing}-dimensional vectors but model {model.ModelName} produces {model.Dimension} (permanent).", isTransient: false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Qdrant collection {Collection} for {Dimension}-dimensional vectors")]
    private partial void LogCollectionCreated(string collection, int dimension);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Qdrant {Operation} on {Collection} failed")]
    private partial void LogCallFailed(Exception ex, string operation, string collection);
}
