using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace TaskRunner.Retrieval.VectorStore.Postgres;

/// <summary>
/// Reads the changes of one (collection, tenant) since a watermark from <c>chunk_vectors</c> and
/// <c>chunk_vector_deletions</c> (migration 0004), in one repeatable-read snapshot. Rows and deletions are stamped with
/// the id of the transaction that wrote them; every transaction that commits after a snapshot has an id at or above
/// that snapshot's xmin, so re-reading from the previous xmin never misses a change, whatever the commit order.
/// </summary>
internal static class VectorChangeReader
{
    public static async Task<VectorChanges> ReadAsync(NpgsqlDataSource dataSource, string collection, string tenantId, ulong? since, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        ulong watermark;
        await using (var snapshot = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())::text", connection, transaction))
        {
            watermark = ulong.Parse((string)(await snapshot.ExecuteScalarAsync(ct))!, System.Globalization.CultureInfo.InvariantCulture);
        }

        var from = since ?? 0;
        var deleted = new List<Guid>();
        if (since is not null)
        {
            // A point deleted and written again since the watermark is still there; only points now absent count as deleted.
            await using var command = new NpgsqlCommand("""
                select distinct d.point_id from chunk_vector_deletions d
                 where d.collection = $1 and d.tenant_id = $2 and d.deleted_xid >= $3::text::xid8
                   and not exists (select 1 from chunk_vectors v where v.collection = d.collection and v.point_id = d.point_id)
                """, connection, transaction);
            AddParameters(command, collection, tenantId, from);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                deleted.Add(reader.GetGuid(0));
            }
        }

        var written = new List<CachedVector>();
        await using (var command = new NpgsqlCommand("""
            select point_id, document_id, ordinal, page, section, text_hash, vector from chunk_vectors
             where collection = $1 and tenant_id = $2 and written_xid >= $3::text::xid8
            """, connection, transaction))
        {
            AddParameters(command, collection, tenantId, from);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var page = await reader.IsDBNullAsync(3, ct) ? (int?)null : reader.GetInt32(3);
                var section = await reader.IsDBNullAsync(4, ct) ? null : reader.GetString(4);
                var payload = new VectorPayload(tenantId, reader.GetGuid(1), reader.GetInt32(2), page, section, reader.GetString(5));
                written.Add(new CachedVector(reader.GetGuid(0), payload, await reader.GetFieldValueAsync<float[]>(6, ct)));
            }
        }

        await transaction.CommitAsync(ct);
        return new VectorChanges(watermark, deleted, written, since is null);
    }

    private static void AddParameters(NpgsqlCommand command, string collection, string tenantId, ulong since)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = collection });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = since.ToString(System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text });
    }
}
