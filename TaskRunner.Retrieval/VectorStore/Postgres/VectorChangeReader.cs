using System.Data;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// Reads one (collection, tenant) from <c>chunk_vectors</c> and <c>chunk_vector_deletions</c> (migration 0004), in one
/// repeatable-read snapshot: everything (a cold load, streamed row by row) or only the changes since a
/// <see cref="VectorWatermark"/>. Rows and deletions are stamped with the id of the transaction that wrote them; a
/// change the last snapshot did not see was made by a transaction at or above its xmax or in progress then, so reading
/// exactly those ids never misses a change and does not read again what the cache already holds.
/// </summary>
internal static class VectorChangeReader
{
    /// <summary>Streams every row to <paramref name="onRow"/> (the vector array is the reader's; copy it) and returns the watermark.</summary>
    public static async Task<VectorWatermark> LoadAsync(NpgsqlDataSource dataSource, string collection, string tenantId, Action<CachedVector, float[]> onRow, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var watermark = await SnapshotAsync(connection, transaction, ct);
        await ReadRowsAsync(connection, transaction, collection, tenantId, VectorWatermark.None, onRow, ct);
        await transaction.CommitAsync(ct);
        return watermark;
    }

    public static async Task<VectorChanges> ReadChangesAsync(NpgsqlDataSource dataSource, string collection, string tenantId, VectorWatermark since, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var watermark = await SnapshotAsync(connection, transaction, ct);
        var deleted = new List<Guid>();
        await using (var command = new NpgsqlCommand("""
            select distinct d.point_id from chunk_vector_deletions d
             where d.collection = $1 and d.tenant_id = $2 and (d.deleted_xid >= $3::text::xid8 or d.deleted_xid = any($4::text[]::xid8[]))
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

    private static async Task<VectorWatermark> SnapshotAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var snapshot = new NpgsqlCommand("""
            select pg_snapshot_xmax(s)::text, array(select x::text from pg_snapshot_xip(s) as x)
              from (select pg_current_snapshot() as s) q
            """, connection, transaction);
        await using var reader = await snapshot.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var xmax = ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
        var inProgress = (await reader.GetFieldValueAsync<string[]>(1, ct)).Select(x => ulong.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return new VectorWatermark(xmax, inProgress);
    }

    private static async Task ReadRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string collection, string tenantId, VectorWatermark since,
        Action<CachedVector, float[]> onRow, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            select point_id, document_id, ordinal, page, section, text_hash, vector from chunk_vectors
             where collection = $1 and tenant_id = $2 and (written_xid >= $3::text::xid8 or written_xid = any($4::text[]::xid8[]))
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

    private static void AddParameters(NpgsqlCommand command, string collection, string tenantId, VectorWatermark since)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = collection });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = since.Xmax.ToString(CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = since.InProgress.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        });
    }
}
