using Dapper;
using Npgsql;
using NpgsqlTypes;
using TaskRunner.Shared.Embeddings;

namespace TaskRunner.Shared.VectorStore.Postgres;

/// <summary>
/// The embedded default vector store: vectors live in Postgres next to the chunks, and search is an exact cosine
/// scan (System.Numerics.Tensors) over the tenant's candidates, optionally narrowed to some documents.
/// </summary>
public sealed class PostgresVectorStore(NpgsqlDataSource dataSource) : IVectorStore
{
    public Task EnsureCollectionAsync(EmbeddingModelInfo model, CancellationToken ct) => Task.CompletedTask;

    public async Task UpsertAsync(EmbeddingModelInfo model, IReadOnlyList<VectorPoint> points, CancellationToken ct)
    {
        if (points.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
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
    }

    public async Task DeleteDocumentAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from chunk_vectors where collection = @collection and tenant_id = @tenantId and document_id = @documentId",
            new { collection = model.CollectionName, tenantId, documentId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(EmbeddingModelInfo model, VectorQuery query, CancellationToken ct)
    {
        var documents = query.DocumentIds is { Count: > 0 } ids ? ids.ToArray() : null;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            select point_id, document_id, ordinal, page, section, text_hash, vector from chunk_vectors
             where collection = $1 and tenant_id = $2 and ($3::uuid[] is null or document_id = any($3))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = model.CollectionName });
        command.Parameters.Add(new NpgsqlParameter { Value = query.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)documents ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var candidates = new List<(Guid Id, VectorPayload Payload, float[] Vector)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var page = await reader.IsDBNullAsync(3, ct) ? (int?)null : reader.GetInt32(3);
                var section = await reader.IsDBNullAsync(4, ct) ? null : reader.GetString(4);
                var payload = new VectorPayload(query.TenantId, reader.GetGuid(1), reader.GetInt32(2), page, section, reader.GetString(5));
                candidates.Add((reader.GetGuid(0), payload, await reader.GetFieldValueAsync<float[]>(6, ct)));
            }
        }

        return VectorMath.TopK(query.Vector, candidates, c => c.Vector, query.Limit)
            .Select(hit => new VectorHit(hit.Item.Id, hit.Score, hit.Item.Payload))
            .ToList();
    }

    public async Task<IReadOnlyList<Guid>> ListPointIdsAsync(EmbeddingModelInfo model, string tenantId, Guid documentId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            "select point_id from chunk_vectors where collection = @collection and tenant_id = @tenantId and document_id = @documentId order by ordinal",
            new { collection = model.CollectionName, tenantId, documentId }, cancellationToken: ct));
        return ids.AsList();
    }
}
