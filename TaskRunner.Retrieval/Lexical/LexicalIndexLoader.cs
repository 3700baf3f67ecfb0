using System.Data;
using Npgsql;
using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval.Lexical;

/// <summary>
/// The lexical index's reads: which of a tenant's documents are ready and at which version (<c>updated_at</c>, which
/// every status change and reindex moves), and the rows of the documents that are new or changed, read in one snapshot.
/// </summary>
internal sealed class LexicalIndexLoader(NpgsqlDataSource dataSource)
{
    /// <summary>The tenant's ready documents and their versions: one indexed scan of a few rows per tenant.</summary>
    public async Task<IReadOnlyDictionary<Guid, DateTime>> ListReadyAsync(string tenantId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("select id, updated_at from documents where tenant_id = $1 and status = 'ready'");
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await ReadVersionsAsync(command, ct);
    }

    /// <summary>
    /// Builds the documents of <paramref name="ids"/> that are still ready, from one repeatable-read snapshot, so a
    /// document's chunks, graph and version always belong together even while a reindex or delete runs.
    /// </summary>
    public async Task<IReadOnlyList<LexicalDocument>> LoadAsync(string tenantId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var idArray = ids.ToArray();
        Dictionary<Guid, LexicalDocumentBuilder> builders;
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var versions = Command(connection, transaction, "select id, updated_at from documents where tenant_id = $1 and id = any($2) and status = 'ready'", tenantId, idArray))
        {
            builders = (await ReadVersionsAsync(versions, ct)).ToDictionary(v => v.Key, v => new LexicalDocumentBuilder(v.Key, v.Value, pool));
        }

        var ready = builders.Keys.ToArray();
        await using (var command = Command(connection, transaction, """
            select id, document_id, ordinal, text, token_count, page, section, content_hash, tokens
              from chunks where tenant_id = $1 and document_id = any($2)
            """, tenantId, ready))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var chunk = new ChunkRecord
                {
                    Id = reader.GetGuid(0),
                    DocumentId = reader.GetGuid(1),
                    TenantId = tenantId,
                    Ordinal = reader.GetInt32(2),
                    Text = reader.GetString(3),
                    TokenCount = reader.GetInt32(4),
                    Page = await reader.IsDBNullAsync(5, ct) ? null : reader.GetInt32(5),
                    Section = await reader.IsDBNullAsync(6, ct) ? null : reader.GetString(6),
                    ContentHash = reader.GetString(7),
                };
                var tokens = await reader.IsDBNullAsync(8, ct) ? null : await reader.GetFieldValueAsync<string[]>(8, ct);
                builders[chunk.DocumentId].AddChunk(chunk, tokens);
            }
        }

        await using (var command = Command(connection, transaction, "select document_id, ordinal, term, weight from graph_terms where tenant_id = $1 and document_id = any($2)", tenantId, ready))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                builders[reader.GetGuid(0)].AddTerm(reader.GetInt32(1), reader.GetString(2), reader.GetFloat(3));
            }
        }

        await using (var command = Command(connection, transaction, "select document_id, source, target, weight from graph_edges where tenant_id = $1 and document_id = any($2)", tenantId, ready))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                builders[reader.GetGuid(0)].AddEdge(reader.GetString(1), reader.GetString(2), reader.GetFloat(3));
            }
        }

        await transaction.CommitAsync(ct);
        return builders.Values.Select(b => b.Build()).ToList();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string tenantId, Guid[] ids)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        return command;
    }

    private static async Task<IReadOnlyDictionary<Guid, DateTime>> ReadVersionsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new Dictionary<Guid, DateTime>();
        while (await reader.ReadAsync(ct))
        {
            versions[reader.GetGuid(0)] = reader.GetDateTime(1);
        }

        return versions;
    }
}
