using Dapper;
using Npgsql;

namespace TaskRunner.Ingestion.Documents;

/// <summary>SQL for deleting documents: marking one <c>deleting</c> (refused while it is being ingested) and removing its rows.</summary>
public sealed class DocumentDeletionStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// In one statement: finds the tenant's document, refuses while an ingestion task of it is queued or running, reuses
    /// a deletion task that is already under way, and otherwise marks the document <c>deleting</c> with <paramref name="taskId"/>.
    /// </summary>
    public async Task<DeletionRequest> RequestAsync(string tenantId, Guid documentId, Guid taskId, string ingestType, string deleteType, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(bool Busy, Guid? ActiveDelete, bool Marked)>(new CommandDefinition("""
            with doc as (
                select id from documents where id = @documentId and tenant_id = @tenantId for update),
            active as (
                select (select true from tasks where document_id = @documentId and type = @ingestType and status in ('queued', 'running') limit 1) as busy,
                       (select id from tasks where document_id = @documentId and type = @deleteType and status in ('queued', 'running') limit 1) as active_delete),
            marked as (
                update documents d set status = 'deleting', last_task_id = @taskId, updated_at = now()
                  from doc, active
                 where d.id = doc.id and active.busy is null and active.active_delete is null
                returning d.id)
            select coalesce(active.busy, false), active.active_delete, exists (select 1 from marked) from doc, active
            """, new { tenantId, documentId, taskId, ingestType, deleteType }, cancellationToken: ct));
        if (row == default)
        {
            return new DeletionRequest(DeletionRequestOutcome.NotFound, null);
        }

        if (row.Busy)
        {
            return new DeletionRequest(DeletionRequestOutcome.Busy, null);
        }

        return row.ActiveDelete is { } active
            ? new DeletionRequest(DeletionRequestOutcome.AlreadyDeleting, active)
            : new DeletionRequest(row.Marked ? DeletionRequestOutcome.Marked : DeletionRequestOutcome.NotFound, row.Marked ? taskId : null);
    }

    /// <summary>Removes the document's chunks and its row in one transaction; answers how many chunks went (0 when already gone).</summary>
    public async Task<int> DeleteRowsAsync(Guid documentId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var chunks = await connection.ExecuteAsync(new CommandDefinition(
            "delete from chunks where document_id = @documentId", new { documentId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from documents where id = @documentId", new { documentId }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return chunks;
    }
}
