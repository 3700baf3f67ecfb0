using Dapper;
using Npgsql;

namespace TaskRunner.Ingestion.Documents;

/// <summary>Reads a tenant's chunks without their text, page by page, for comparing the chunk table with the vector store.</summary>
public sealed class ChunkInventory(NpgsqlDataSource dataSource)
{
    private const string KeyColumns = """
        c.id as "Id", c.document_id as "DocumentId", c.ordinal as "Ordinal", c.content_hash as "ContentHash", d.status = 'ready' as "DocumentReady"
        """;

    public async Task<long> CountAsync(string tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from chunks where tenant_id = @tenantId", new { tenantId }, cancellationToken: ct));
    }

    /// <summary>The tenant's chunks among <paramref name="ids"/> (a page of vector ids being checked).</summary>
    public async Task<IReadOnlyList<ChunkKey>> FindAsync(string tenantId, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ChunkKey>(new CommandDefinition($"""
            select {KeyColumns}
              from chunks c join documents d on d.id = c.document_id
             where c.tenant_id = @tenantId and c.id = any(@ids)
            """, new { tenantId, ids = ids.ToArray() }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>One keyset page of the chunks of the tenant's ready documents, in (document, ordinal) order, after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<ChunkKey>> ListReadyPageAsync(string tenantId, ChunkKey? after, int pageSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ChunkKey>(new CommandDefinition($"""
            select {KeyColumns}
              from chunks c join documents d on d.id = c.document_id
             where c.tenant_id = @tenantId and d.status = 'ready'
               and (@afterDocument::uuid is null or (c.document_id, c.ordinal) > (@afterDocument, @afterOrdinal))
             order by c.document_id, c.ordinal
             limit @pageSize
            """, new { tenantId, afterDocument = after?.DocumentId, afterOrdinal = after?.Ordinal ?? 0, pageSize }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>The tenants that have documents, for jobs that run once per tenant.</summary>
    public async Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var tenants = await connection.QueryAsync<string>(new CommandDefinition(
            "select distinct tenant_id from documents order by tenant_id", cancellationToken: ct));
        return tenants.AsList();
    }
}
