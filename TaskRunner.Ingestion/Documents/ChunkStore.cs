using Dapper;
using Npgsql;
using NpgsqlTypes;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Ingestion.Documents;

/// <summary>
/// SQL over the chunks table. Writing replaces a document's chunks in one transaction, so re-runs never duplicate,
/// and stores each chunk's keyword tokens (<see cref="ChunkTokenizer"/>) with it.
/// </summary>
public sealed class ChunkStore(NpgsqlDataSource dataSource)
{
    /// <summary>The columns of <see cref="ChunkRecord"/>; the tokens array stays in the database.</summary>
    internal const string Columns = "id, document_id, tenant_id, ordinal, text, token_count, page, section, content_hash";

    /// <summary>Replaces the document's chunks; with a <paramref name="fence"/>, only while that run owns its task.</summary>
    public async Task ReplaceAsync(Guid documentId, IReadOnlyList<ChunkRecord> chunks, CancellationToken ct, TaskFence? fence = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (fence is not null)
        {
            await fence.HoldAsync(transaction, ct);
        }

        await connection.ExecuteAsync(new CommandDefinition("delete from chunks where document_id = @documentId", new { documentId }, transaction, cancellationToken: ct));
        await using (var writer = await connection.BeginBinaryImportAsync(
            $"copy chunks ({Columns}, tokens) from stdin (format binary)", ct))
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
                await writer.WriteAsync(ChunkTokenizer.IndexTokens(chunk.Text), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
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
            $"select {Columns} from chunks where document_id = @documentId order by ordinal limit @limit offset @offset",
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
            select c.id, c.document_id, c.tenant_id, c.ordinal, c.text, c.token_count, c.page, c.section, c.content_hash
              from chunks c join unnest(@documents::uuid[], @ordinals::int[]) as k(document_id, ordinal)
              on c.document_id = k.document_id and c.ordinal = k.ordinal
             where c.tenant_id = @tenantId
            """, new { tenantId, documents = keys.Select(k => k.DocumentId).ToArray(), ordinals = keys.Select(k => k.Ordinal).ToArray() }, cancellationToken: ct));
        return items.AsList();
    }

    /// <summary>
    /// Tokenizes up to <paramref name="batchSize"/> chunks written before migration 0006 (null tokens) and returns how
    /// many it filled. Rows are claimed with <c>skip locked</c>, so several Workers can backfill side by side.
    /// </summary>
    public async Task<int> BackfillTokensAsync(int batchSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var pending = (await connection.QueryAsync<(Guid Id, string Text)>(new CommandDefinition(
            "select id, text from chunks where tokens is null limit @batchSize for update skip locked",
            new { batchSize }, transaction, cancellationToken: ct))).AsList();
        if (pending.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var (id, text) in pending)
            {
                var command = new NpgsqlBatchCommand("update chunks set tokens = $2 where id = $1");
                command.Parameters.Add(new NpgsqlParameter { Value = id });
                command.Parameters.Add(new NpgsqlParameter { Value = ChunkTokenizer.IndexTokens(text), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return pending.Count;
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
