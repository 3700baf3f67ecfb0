using TaskRunner.Ingestion.Documents;
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
    /// <summary>Creates the document and its ingestion task, unless the tenant already has this content.</summary>
    public async Task<IntakeOutcome> AcceptAsync(string tenant, NewUpload upload, bool reindex, CancellationToken ct)
    {
        if (await documents.FindByHashAsync(tenant, upload.File.Sha256, ct) is { } existing)
        {
            if (!reindex)
            {
                return new IntakeOutcome(existing, null, Duplicate: true);
            }

            var reindexTask = await submitter.SubmitAsync(DocumentTasks.Ingest, tenant, NoInput.Value, ct, existing.Id);
            await documents.SetLastTaskAsync(existing.Id, reindexTask.Id, ct);
            return new IntakeOutcome(existing, reindexTask, Duplicate: true);
        }

        var documentId = Guid.NewGuid();
        var taskId = Guid.NewGuid();
        var document = new DocumentRecord
        {
            Id = documentId,
            TenantId = tenant,
            Title = upload.Title,
            FileName = upload.FileName,
            ContentType = upload.ContentType,
            Kind = upload.Kind.ToString().ToLowerInvariant(),
            SizeBytes = upload.File.Size,
            Sha256 = upload.File.Sha256,
            StoragePath = upload.File.RelativePath,
            Status = DocumentStatuses.Pending,
            LastTaskId = taskId,
        };
        await documents.InsertAsync(document, ct);
        var task = await submitter.SubmitAsync(DocumentTasks.Ingest, tenant, NoInput.Value, ct, documentId, taskId);
        return new IntakeOutcome(document, task, Duplicate: false);
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
