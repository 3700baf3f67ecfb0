using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace TaskRunner.Ingestion.Documents;

/// <summary>SQL over the chunks table. Writing replaces a document's chunks in one transaction, so re-runs never duplicate.</summary>
public sealed class ChunkStore(NpgsqlDataSource dataSource)
{
    public async Task ReplaceAsync(Guid documentId, IReadOnlyList<ChunkRecord> chunks, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("delete from chunks where document_id = @documentId", new { documentId }, transaction, cancellationToken: ct));
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy chunks (id, document_id, tenant_id, ordinal, text, token_count, page, section, content_hash) from stdin (format binary)", ct))
        {
            foreach (var chunk in chunks)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(chunk.Id, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(documentId, NpgsqlDbType.Uuid, ct);
                await writer.WriteAsync(chunk.TenantId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(chunk.Ordinal, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(chunk.Text, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(chunk.TokenCount, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(writer, chunk.Page, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(writer, chunk.Section, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(chunk.ContentHash, NpgsqlDbType.Text, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<(IReadOnlyList<ChunkRecord> Items, long Total)> ListAsync(Guid documentId, int page, int pageSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from chunks where document_id = @documentId", new { documentId }, cancellationToken: ct));
        var items = await connection.QueryAsync<ChunkRecord>(new CommandDefinition(
            "select * from chunks where document_id = @documentId order by ordinal limit @limit offset @offset",
            new { documentId, limit = pageSize, offset = (long)(page - 1) * pageSize }, cancellationToken: ct));
        return (items.AsList(), total);
    }

    public async Task<IReadOnlyList<ChunkRecord>> GetManyAsync(string tenantId, IReadOnlyList<(Guid DocumentId, int Ordinal)> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var items = await connection.QueryAsync<ChunkRecord>(new CommandDefinition("""
            select c.* from chunks c join unnest(@documents::uuid[], @ordinals::int[]) as k(document_id, ordinal)
              on c.document_id = k.document_id and c.ordinal = k.ordinal
             where c.tenant_id = @tenantId
            """, new { tenantId, documents = keys.Select(k => k.DocumentId).ToArray(), ordinals = keys.Select(k => k.Ordinal).ToArray() }, cancellationToken: ct));
        return items.AsList();
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(ct);
        }
        else
        {
            await writer.WriteAsync(value, type, ct);
        }
    }
}
