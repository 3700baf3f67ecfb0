using Dapper;
using Npgsql;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Ingestion.Documents;

/// <summary>SQL over the documents table; every read is filtered by tenant.</summary>
public sealed class DocumentStore(NpgsqlDataSource dataSource)
{
    public async Task InsertAsync(DocumentRecord document, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into documents (id, tenant_id, title, file_name, content_type, kind, size_bytes, sha256, storage_path, status, last_task_id)
            values (@Id, @TenantId, @Title, @FileName, @ContentType, @Kind, @SizeBytes, @Sha256, @StoragePath, @Status, @LastTaskId)
            """, document, cancellationToken: ct));
    }

    /// <summary>
    /// The document's insert as the guard of its ingestion task's submit (<see cref="TaskRunner.Tasks.TaskSubmitter.SubmitGuardedAsync{TInput, TRow}"/>,
    /// the document's <see cref="DocumentRecord.LastTaskId"/> being the task): a task is created only when the tenant
    /// has no live document with its content (unique index <c>documents_tenant_sha_live</c>), so a duplicate writes
    /// neither row. A concurrent upload of the same content waits for the first one's statement and then inserts
    /// nothing; two in the same batch make one document, the first.
    /// </summary>
    public static readonly TaskRunner.Tasks.Outbox.SubmitGuard<DocumentRecord> InsertUnlessDuplicate = new DocumentInsertGuard();

    /// <summary>
    /// Inside <paramref name="transaction"/>: locks the tenant's live document and, unless an ingestion of it
    /// (<paramref name="ingestType"/>) is queued or running, marks it pending under <paramref name="taskId"/>.
    /// </summary>
    public static async Task<ReindexMark> TryMarkReindexAsync(
        NpgsqlTransaction transaction, string tenantId, Guid id, Guid taskId, string ingestType, CancellationToken ct)
    {
        var busy = await transaction.Connection!.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition("""
            select exists (select 1 from tasks where document_id = d.id and type = @ingestType and status in ('queued', 'running'))
              from documents d where d.id = @id and d.tenant_id = @tenantId and d.status <> 'deleting' for update of d
            """, new { id, tenantId, ingestType }, transaction, cancellationToken: ct));
        switch (busy)
        {
            case null:
                return ReindexMark.NotFound;
            case true:
                return ReindexMark.Busy;
        }

        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "update documents set last_task_id = @taskId, status = 'pending', error_code = null, error_message = null, updated_at = now() where id = @id",
            new { id, taskId }, transaction, cancellationToken: ct));
        return ReindexMark.Marked;
    }

    public async Task<DocumentRecord?> GetAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DocumentRecord>(new CommandDefinition(
            "select * from documents where id = @id and tenant_id = @tenantId", new { id, tenantId }, cancellationToken: ct));
    }

    public async Task<DocumentRecord?> FindByHashAsync(string tenantId, string sha256, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<DocumentRecord>(new CommandDefinition(
            "select * from documents where tenant_id = @tenantId and sha256 = @sha256 and status <> 'deleting' order by created_at limit 1",
            new { tenantId, sha256 }, cancellationToken: ct));
    }

    public async Task<(IReadOnlyList<DocumentRecord> Items, long Total)> ListAsync(string tenantId, int page, int pageSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from documents where tenant_id = @tenantId", new { tenantId }, cancellationToken: ct));
        var items = await connection.QueryAsync<DocumentRecord>(new CommandDefinition(
            "select * from documents where tenant_id = @tenantId order by created_at desc, id limit @limit offset @offset",
            new { tenantId, limit = pageSize, offset = (long)(page - 1) * pageSize }, cancellationToken: ct));
        return (items.AsList(), total);
    }

    /// <summary>
    /// Moves the document to <paramref name="status"/> (any status but failed; use <see cref="SetFailedAsync"/>), clearing an
    /// earlier error. A step passes its run's <paramref name="fence"/>, so a run presumed dead cannot move the document
    /// after the run that replaced it (<see cref="StaleRunException"/>).
    /// </summary>
    public Task SetStatusAsync(Guid id, string status, int? chunkCount, int? pageCount, CancellationToken ct, TaskFence? fence = null) =>
        UpdateStatusAsync(id, status, chunkCount, pageCount, null, null, fence, ct);

    /// <summary>The document's ingestion failed for good: it keeps the task's error code and message. Fenced like <see cref="SetStatusAsync"/>.</summary>
    public Task SetFailedAsync(Guid id, string errorCode, string errorMessage, int? chunkCount, int? pageCount, CancellationToken ct, TaskFence? fence = null) =>
        UpdateStatusAsync(id, DocumentStatuses.Failed, chunkCount, pageCount, errorCode, errorMessage, fence, ct);

    /// <summary>
    /// An ingestion step's failure report (<c>IPipelineStep.OnFailedAsync</c>): the document <paramref name="task"/> ingests,
    /// if it names one, fails with the task's error, under the failing run's <paramref name="fence"/>.
    /// </summary>
    public Task SetFailedForTaskAsync(TaskRecord task, TaskError error, TaskFence fence, CancellationToken ct) =>
        task.DocumentId is { } documentId ? SetFailedAsync(documentId, error.Code, error.Message, null, null, ct, fence) : Task.CompletedTask;

    private async Task UpdateStatusAsync(Guid id, string status, int? chunkCount, int? pageCount, string? errorCode, string? errorMessage, TaskFence? fence, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var sql = """
            update documents set status = @status, chunk_count = coalesce(@chunkCount, chunk_count),
                   page_count = coalesce(@pageCount, page_count), error_code = @errorCode, error_message = @errorMessage, updated_at = now()
             where id = @id and status <> 'deleting'
            """ + TaskFence.AndHeld(fence);
        await TaskFence.WriteAsync(fence, () => connection.ExecuteAsync(new CommandDefinition(
            sql, TaskFence.ParametersFor(fence, new { id, status, chunkCount, pageCount, errorCode, errorMessage }), cancellationToken: ct)));
    }

    /// <summary>Used by the ingestion job, which reads the document its task names (the task row carries the tenant).</summary>
    public async Task<DocumentRecord?> GetByIdAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DocumentRecord>(new CommandDefinition(
            "select * from documents where id = @id", new { id }, cancellationToken: ct));
    }
}
