using TaskRunner.Tasks.Outbox;

namespace TaskRunner.Ingestion.Documents;

/// <summary>
/// Inserts a batch of documents unless the tenant has live content with the same hash, returning the ingestion task
/// (<see cref="DocumentRecord.LastTaskId"/>) of each document written (<see cref="DocumentStore.InsertUnlessDuplicate"/>).
/// Rows go in in the batch's order, so of two uploads of the same content in one batch the first makes the document.
/// </summary>
internal sealed class DocumentInsertGuard : SubmitGuard<DocumentRecord>
{
    public override string Sql => """
        insert into documents (id, tenant_id, title, file_name, content_type, kind, size_bytes, sha256, storage_path, status, last_task_id)
        select d.id, d.tenant_id, d.title, d.file_name, d.content_type, d.kind, d.size_bytes, d.sha256, d.storage_path, d.status, d.last_task_id
          from unnest(@documentRowIds, @documentTenantIds, @documentTitles, @documentFileNames, @documentContentTypes, @documentKinds,
                      @documentSizes, @documentShas, @documentPaths, @documentStatuses, @documentTaskIds)
               with ordinality as d(id, tenant_id, title, file_name, content_type, kind, size_bytes, sha256, storage_path, status, last_task_id, n)
         order by d.n
        on conflict (tenant_id, sha256) where status <> 'deleting' do nothing
        returning last_task_id as task_id
        """;

    protected override object ParametersOf(IReadOnlyList<DocumentRecord> rows) => new
    {
        documentRowIds = rows.Select(d => d.Id).ToArray(),
        documentTenantIds = rows.Select(d => d.TenantId).ToArray(),
        documentTitles = rows.Select(d => d.Title).ToArray(),
        documentFileNames = rows.Select(d => d.FileName).ToArray(),
        documentContentTypes = rows.Select(d => d.ContentType).ToArray(),
        documentKinds = rows.Select(d => d.Kind).ToArray(),
        documentSizes = rows.Select(d => d.SizeBytes).ToArray(),
        documentShas = rows.Select(d => d.Sha256).ToArray(),
        documentPaths = rows.Select(d => d.StoragePath).ToArray(),
        documentStatuses = rows.Select(d => d.Status).ToArray(),
        documentTaskIds = rows.Select(d => d.LastTaskId).ToArray(),
    };
}
