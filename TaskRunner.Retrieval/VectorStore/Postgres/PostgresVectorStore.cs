using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// The embedded default vector store: vectors live in Postgres next to the chunks, and search is an exact cosine
/// scan (System.Numerics.Tensors) over the tenant's candidates, optionally narrowed to some documents. Each process
/// keeps the vectors it searches in memory per (collection, tenant) within a memory budget, and brings them up to
/// date by reading only what changed (see <see cref="VectorChangeReader"/>) at most every refresh interval, so writes
/// and deletes of other processes are seen within that interval (see <see cref="VectorCacheSet"/>).
/// </summary>
public sealed class PostgresVectorStore : IVectorStore, IDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly EmbeddedVectorStoreOptions options;
    private readonly VectorCacheSet caches;

    public PostgresVectorStore(NpgsqlDataSource dataSource, IOptions<EmbeddedVectorStoreOptions> options, ILogger<PostgresVectorStore> logger)
        : this(dataSource, options.Value, TimeProvider.System, logger)
    {
    }

    /// <summary>With default settings (tools, benchmarks).</summary>
    public PostgresVectorStore(NpgsqlDataSource dataSource)
        : this(dataSource, new EmbeddedVectorStoreOptions(), TimeProvider.System, NullLogger.Instance)
    {
    }

    internal PostgresVectorStore(NpgsqlDataSource dataSource, EmbeddedVectorStoreOptions options, TimeProvider time, ILogger logger)
    {
        this.dataSource = dataSource;
        this.options = options;
        caches = new VectorCacheSet(dataSource, options, time, logger);
    }

    /// <summary>Loaded tenants whose vector count is above <see cref="EmbeddedVectorStoreOptions.QdrantAdviceVectors"/>.</summary>
    public IReadOnlyList<(string Collection, string TenantId, int Vectors)> TenantsForQdrant() =>
        caches.Loaded().Where(t => t.Vectors > options.QdrantAdviceVectors).Select(t => (t.Collection, t.TenantId, t.Vectors)).ToList();

    /// <summary>The tenants cached in this process, with their vector counts and the bytes the cache holds for them.</summary>
    public IReadOnlyList<(string Collection, string TenantId, int Vectors, long Bytes)> CachedTenants() => caches.Loaded();

    public Task EnsureCollectionAsync(EmbeddingModelInfo model, CancellationToken ct) => Task.CompletedTask;

    public async Task UpsertAsync(EmbeddingModelInfo model, IReadOnlyList<VectorPoint> points, CancellationToken ct, TaskFence? fence = null)
    {
        if (points.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (fence is not null)
        {
            await fence.HoldAsync(transaction, ct);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var point in points)
        {
            if (point.Vector.Length != model.Dimension)
            {
                throw new VectorStoreException($"Vector of {point.Vector.Length} dimensions for a {model.Dimension}-dimension collection.", isTransient: false);
            }

            var command = new NpgsqlBatchCommand("""
                insert into chunk_vectors (collection, point_id, tenant_id, document_id, ordinal, page, section, text_hash, vector)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                on conflict (collection, point_id) do update set vector = excluded.vector, text_hash = excluded.text_hash,
                    ordinal = excluded.ordinal, page = excluded.page, section = excluded.section
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = model.CollectionName });
            command.Parameters.Add(new NpgsqlParameter { Value = point.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = point.Payload.TenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = point.Payload.DocumentId });
            command.Parameters.Add(new NpgsqlParameter { Value = point.Payload.Ordinal });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)point.Payload.Page ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)point.Payload.Section ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = point.Payload.TextHash });
            command.Parameters.Add(new NpgsqlParameter { Value = point.Vector, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        foreach (var tenant in points.Select(p => p.Payload.TenantId).Distinct(StringComparer.Ordinal))
        {
            caches.MarkChanged(model.CollectionName, tenant);
        }
    }

    public async Task DeleteDocumentAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct, TaskFence? fence = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var sql = "delete from chunk_vectors where collection = @collection and tenant_id = @tenantId and document_id = @documentId"
            + TaskFence.AndHeld(fence);
        await TaskFence.WriteAsync(fence, () => connection.ExecuteAsync(new CommandDefinition(
            sql, TaskFence.ParametersFor(fence, new { collection = model.CollectionName, tenantId, documentId }), cancellationToken: ct)));
        caches.MarkChanged(model.CollectionName, tenantId);
        await PruneDeletionLogAsync(connection, ct);
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(EmbeddingModelInfo model, VectorQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0)
        {
            return [];
        }

        var cache = await caches.GetFreshAsync(model, query.TenantId, ct);
        IReadOnlySet<Guid>? documents = query.DocumentIds is { Count: > 0 } ids ? ids.ToHashSet() : null;
        return cache.Search(query.Vector, documents, query.Limit);
    }

    public async Task<IReadOnlyList<Guid>> ListPointIdsAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "select point_id from chunk_vectors where collection = @collection and tenant_id = @tenantId and document_id = @documentId order by ordinal",
            new { collection = model.CollectionName, tenantId, documentId }, cancellationToken: ct));
        return ids.AsList();
    }

    public async Task<IReadOnlyList<StoredPoint>> ListPointsAsync(EmbeddingModelInfo model, string tenantId, CancellationToken ct)
    {
        var points = new List<StoredPoint>();
        await foreach (var page in ListPointPagesAsync(model, tenantId, 10_000, ct))
        {
            points.AddRange(page);
        }

        return points;
    }

    /// <summary>Keyset pages in point id order, each its own short query.</summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredPoint>> ListPointPagesAsync(EmbeddingModelInfo model, string tenantId, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        Guid? after = null;
        while (true)
        {
            List<StoredPoint> page;
            await using (var connection = await dataSource.OpenConnectionAsync(ct))
            {
                var rows = await connection.QueryAsync<(Guid PointId, Guid DocumentId, int Ordinal, int? Page, string? Section, string TextHash)>(new CommandDefinition("""
                    select point_id, document_id, ordinal, page, section, text_hash from chunk_vectors
                     where collection = @collection and tenant_id = @tenantId and (@after::uuid is null or point_id > @after)
                     order by point_id limit @pageSize
                    """, new { collection = model.CollectionName, tenantId, after, pageSize }, cancellationToken: ct));
                page = rows.Select(r => new StoredPoint(r.PointId, new VectorPayload(tenantId, r.DocumentId, r.Ordinal, r.Page, r.Section, r.TextHash))).ToList();
            }

            if (page.Count > 0)
            {
                yield return page;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    public async Task DeletePointsAsync(EmbeddingModelInfo model, string tenantId, IReadOnlyList<Guid> pointIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pointIds);
        if (pointIds.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from chunk_vectors where collection = @collection and tenant_id = @tenantId and point_id = any(@ids)",
            new { collection = model.CollectionName, tenantId, ids = pointIds.ToArray() }, cancellationToken: ct));
        caches.MarkChanged(model.CollectionName, tenantId);
        await PruneDeletionLogAsync(connection, ct);
    }

    public void Dispose() => caches.Dispose();

    /// <summary>Deletions older than the log's retention are forgotten; caches older than half of it reload in full.</summary>
    private static Task PruneDeletionLogAsync(NpgsqlConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "delete from chunk_vector_deletions where deleted_at < now() - make_interval(secs => @seconds)",
            new { seconds = VectorCacheSet.DeletionLogRetention.TotalSeconds }, cancellationToken: ct));
}
