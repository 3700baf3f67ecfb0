using TaskRunner.Ingestion.Documents;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// Decides what an accepted upload or a delete request means for a tenant's documents: a duplicate of content the tenant
/// has (kept as is, or indexed again when asked), a new document with its ingestion task, or a deletion task.
/// The Api only translates the outcome into HTTP.
/// </summary>
public sealed class DocumentIntake(DocumentStore documents, DocumentDeletionStore deletions, TaskStore tasks, TaskSubmitter submitter)
{
    /// <summary>
    /// Creates the document and its ingestion task in one transaction, unless the tenant already has this content; with
    /// <paramref name="reindex"/>, indexes the existing document again (refused while an ingestion of it is active).
    /// </summary>
    public async Task<IntakeOutcome> AcceptAsync(string tenant, NewUpload upload, bool reindex, CancellationToken ct)
    {
        // A concurrent upload of the same content, or a delete of the existing copy, can change the answer between the
        // lookup and the write; the write then says so and the lookup runs again. Without reindex the write goes first:
        // new content is the common case, and the insert's ON CONFLICT finds a duplicate without a lookup before it.
        for (var attempt = 0; ; attempt++)
        {
            var outcome = !reindex
                ? await CreateAsync(tenant, upload, ct) ?? (await documents.FindByHashAsync(tenant, upload.File.Sha256, ct) is { } duplicate
                    ? new IntakeOutcome(duplicate, null, Duplicate: true)
                    : null)
                : await documents.FindByHashAsync(tenant, upload.File.Sha256, ct) is { } existing
                    ? await ReindexAsync(tenant, existing, ct)
                    : await CreateAsync(tenant, upload, ct);
            if (outcome is not null || attempt == 2)
            {
                return outcome ?? throw new InvalidOperationException("The document changed on each of three attempts to store the upload.");
            }
        }
    }

    private async Task<IntakeOutcome?> CreateAsync(string tenant, NewUpload upload, CancellationToken ct)
    {
        var documentId = Guid.NewGuid();
        var taskId = Guid.NewGuid();
        var document = new DocumentRecord
        {
            Id = documentId,
            TenantId = tenant,
            Title = upload.Title,
            FileName = upload.FileName,
            ContentType = DocumentMediaTypes.Of(upload.Kind),
            Kind = upload.Kind.ToString().ToLowerInvariant(),
            SizeBytes = upload.File.Size,
            Sha256 = upload.File.Sha256,
            StoragePath = upload.File.RelativePath,
            Status = DocumentStatuses.Pending,
            LastTaskId = taskId,
        };
        var task = await submitter.SubmitGuardedAsync(DocumentTasks.Ingest, tenant, NoInput.Value, DocumentStore.InsertUnlessDuplicate, document, taskId, documentId, ct);
        return task is null ? null : new IntakeOutcome(document, task, Duplicate: false);
    }

    private async Task<IntakeOutcome?> ReindexAsync(string tenant, DocumentRecord existing, CancellationToken ct)
    {
        var taskId = Guid.NewGuid();
        var mark = ReindexMark.NotFound;
        var task = await submitter.SubmitWithAsync(DocumentTasks.Ingest, tenant, NoInput.Value, async (transaction, token) =>
        {
            mark = await DocumentStore.TryMarkReindexAsync(transaction, tenant, existing.Id, taskId, DocumentTasks.Ingest.Name, token);
            return mark == ReindexMark.Marked;
        }, ct, existing.Id, taskId);
        return mark switch
        {
            ReindexMark.Busy => new IntakeOutcome(existing, null, Duplicate: true) { Busy = true },
            ReindexMark.Marked => new IntakeOutcome(existing, task, Duplicate: true),
            _ => null,
        };
    }

    /// <summary>Marks the document <c>deleting</c> and submits its deletion task, or says why not.</summary>
    public async Task<(DeletionRequestOutcome Outcome, TaskRecord? Task)> DeleteAsync(string tenant, Guid documentId, CancellationToken ct)
    {
        var taskId = Guid.NewGuid();
        var request = await deletions.RequestAsync(tenant, documentId, taskId, DocumentTasks.Ingest.Name, DocumentTasks.Delete.Name, ct);
        return request.Outcome switch
        {
            DeletionRequestOutcome.Marked =>
                (request.Outcome, await submitter.SubmitAsync(DocumentTasks.Delete, tenant, NoInput.Value, ct, documentId, taskId)),
            DeletionRequestOutcome.AlreadyDeleting => (request.Outcome, await tasks.GetAsync(tenant, request.TaskId!.Value, ct)),
            _ => (request.Outcome, null),
        };
    }
}
