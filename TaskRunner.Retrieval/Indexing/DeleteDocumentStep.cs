using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Ingestion.Storage;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// The <c>document.delete</c> task: removes the document's vectors (current embedding collection), then its stored
/// file, then its chunks and row together. The row goes last, so a run that stops half-way is finished by a re-run;
/// a re-run that finds no row has nothing to do and succeeds.
/// </summary>
public sealed class DeleteDocumentStep(
    DocumentStore documents,
    DocumentDeletionStore deletions,
    FileStorage storage,
    IEmbeddingProvider embedder,
    IVectorStore vectors) : IPipelineStep<NoInput>
{

    public async Task RunAsync(TaskRunContext<NoInput> context, CancellationToken ct)
    {
        var documentId = context.RequireDocumentId();
        var model = embedder.Model;
        var document = await documents.GetByIdAsync(documentId, ct);
        if (document is null)
        {
            context.ResultJson = TaskJson.Serialize(new DocumentDeletionResult(documentId, false, 0, false, model.CollectionName));
            context.ResultMessage = "The document was already deleted.";
            return;
        }

        if (document.TenantId != context.Task.TenantId)
        {
            throw new PermanentTaskException(TaskErrorCodes.DocumentMissing, $"Document {documentId} does not belong to tenant {context.Task.TenantId}.");
        }

        await context.ReportAsync("deleting", 0.1, "Deleting vectors", ct);
        await vectors.EnsureCollectionAsync(model, ct);
        await vectors.DeleteDocumentAsync(model, document.TenantId, document.Id, ct);

        await context.ReportAsync("deleting", 0.5, "Deleting the stored file", ct);
        var fileDeleted = File.Exists(storage.GetFullPath(document.StoragePath));
        if (fileDeleted)
        {
            storage.Delete(document.StoragePath);
        }

        await context.ReportAsync("deleting", 0.8, "Deleting chunks and the document", ct);
        var chunks = await deletions.DeleteRowsAsync(document.Id, ct);
        context.ResultJson = TaskJson.Serialize(new DocumentDeletionResult(document.Id, true, chunks, fileDeleted, model.CollectionName));
        context.ResultMessage = $"Deleted the document and its {chunks} chunks.";
    }
}
