using Dapper;
using Npgsql;

namespace TaskRunner.Ingestion.Documents;

/// <summary>Reads a tenant's chunks without their text, for comparing the chunk table with the vector store.</summary>
public sealed class ChunkInventory(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ChunkKey>> ListAsync(string tenantId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ChunkKey>(new CommandDefinition("""
            select c.id as "Id", c.document_id as "DocumentId", c.ordinal as "Ordinal", c.content_hash as "ContentHash", d.status = 'ready' as "DocumentReady"
              from chunks c join documents d on d.id = c.document_id
             where c.tenant_id = @tenantId
             order by c.document_id, c.ordinal
            """, new { tenantId }, cancellationToken: ct));
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
