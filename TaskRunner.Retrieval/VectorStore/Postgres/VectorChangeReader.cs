using System.Data;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// Reads one (collection, tenant) from <c>chunk_vectors</c> and <c>chunk_vector_deletions</c> (migration 0004), in one
/// repeatable-read snapshot: everything (a cold load, streamed row by row) or only the changes since a watermark. Rows
/// and deletions are stamped with the id of the transaction that wrote them; every transaction that commits after a
/// snapshot has an id at or above that snapshot's xmin, so re-reading from the previous xmin never misses a change.
/// </summary>
internal static class VectorChangeReader
{
    /// <summary>Streams every row to <paramref name="onRow"/> (the vector array is the reader's; copy it) and returns the watermark.</summary>
    public static async Task<ulong> LoadAsync(NpgsqlDataSource dataSource, string collection, string tenantId, Action<CachedVector, float[]> onRow, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var watermark = await SnapshotXminAsync(connection, transaction, ct);
        await ReadRowsAsync(connection, transaction, collection, tenantId, 0, onRow, ct);
        await transaction.CommitAsync(ct);
        return watermark;
    }

    public static async Task<VectorChanges> ReadChangesAsync(NpgsqlDataSource dataSource, string collection, string tenantId, ulong since, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var watermark = await SnapshotXminAsync(connection, transaction, ct);
        var deleted = new List<Guid>();
        await using (var command = new NpgsqlCommand("""
            select distinct d.point_id from chunk_vector_deletions d
             where d.collection = $1 and d.tenant_id = $2 and d.deleted_xid >= $3::text::xid8
               and not exists (select 1 from chunk_vectors v where v.collection = d.collection and v.point_id = d.point_id)
            """, connection, transaction))
        {
            // A point deleted and written again since the watermark is still there; only points now absent count as deleted.
            AddParameters(command, collection, tenantId, since);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                deleted.Add(reader.GetGuid(0));
            }
        }

        var written = new List<(CachedVector, float[])>();
        await ReadRowsAsync(connection, transaction, collection, tenantId, since, (row, vector) => written.Add((row, vector)), ct);
        await transaction.CommitAsync(ct);
        return new VectorChanges(watermark, deleted, written);
    }

    private static async Task<ulong> SnapshotXminAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var snapshot = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())::text", connection, transaction);
        return ulong.Parse((string)(await snapshot.ExecuteScalarAsync(ct))!, CultureInfo.InvariantCulture);
    }

    private static async Task ReadRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string collection, string tenantId, ulong since,
        Action<CachedVector, float[]> onRow, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            select point_id, document_id, ordinal, page, section, text_hash, vector from chunk_vectors
             where collection = $1 and tenant_id = $2 and written_xid >= $3::text::xid8
            """, connection, transaction);
        AddParameters(command, collection, tenantId, since);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            var document = reader.GetGuid(1);
            var ordinal = reader.GetInt32(2);
            var page = await reader.IsDBNullAsync(3, ct) ? (int?)null : reader.GetInt32(3);
            var section = await reader.IsDBNullAsync(4, ct) ? null : reader.GetString(4);
            var payload = new VectorPayload(tenantId, document, ordinal, page, section, reader.GetString(5));
            onRow(new CachedVector(id, payload), await reader.GetFieldValueAsync<float[]>(6, ct));
        }
    }

    private static void AddParameters(NpgsqlCommand command, string collection, string tenantId, ulong since)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = collection });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = since.ToString(CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text });
    }
}
