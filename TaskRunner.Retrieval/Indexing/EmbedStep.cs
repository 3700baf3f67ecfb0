using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fencing;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Tasks.Telemetry;
using TaskRunner.Tasks.Usage;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// Ingestion's second step, on the embed queue: embeds the document's chunks batch by batch and upserts them with
/// deterministic point ids, after clearing the document's old vectors, so a re-run leaves exactly one vector per chunk.
/// Only then is the document <c>ready</c>; if embedding fails for good, it is <c>failed</c> with the task's error code.
/// </summary>
public sealed class EmbedStep(
    DocumentStore documents,
    ChunkStore chunks,
    IEmbeddingProvider embedder,
    IVectorStore vectors,
    IOptions<EmbeddingsOptions> options,
    TaskUsageRecorder usage) : IPipelineStep<NoInput>
{
    private const int PageSize = 1000;


    public async Task RunAsync(TaskRunContext<NoInput> context, CancellationToken ct)
    {
        var documentId = context.RequireDocumentId();
        var document = await documents.GetByIdAsync(documentId, ct)
            ?? throw new PermanentTaskException(TaskErrorCodes.DocumentMissing, $"Document {documentId} no longer exists.");
        var model = embedder.Model;
        var total = document.ChunkCount;
        await context.ReportAsync("embedding", 0.9, $"Embedding {total} chunks with {model.Provider}/{model.ModelName}", ct);
        await vectors.EnsureCollectionAsync(model, ct);
        await vectors.DeleteDocumentAsync(model, document.TenantId, document.Id, ct, context.Fence);

        var batchSize = Math.Max(1, options.Value.BatchSize);
        var done = 0;
        var truncated = 0;
        for (var page = 1; ; page++)
        {
            var (items, _) = await chunks.ListAsync(document.Id, page, PageSize, ct);
            foreach (var batch in items.Chunk(batchSize))
            {
                var embedded = await embedder.EmbedAsync(batch.Select(c => c.Text).ToList(), ct);
                var points = batch.Zip(embedded, (chunk, e) => new VectorPoint(
                    VectorPointId.For(document.Id, chunk.Ordinal),
                    e.Vector,
                    new VectorPayload(document.TenantId, document.Id, chunk.Ordinal, chunk.Page, chunk.Section, chunk.ContentHash))).ToList();
                await vectors.UpsertAsync(model, points, ct, context.Fence);
                await usage.RecordAsync(new ModelUsage(model.ModelName, 0, 0, embedded.Sum(e => (long)e.TokenCount)), ct);
                TaskTelemetry.RecordEmbeddedChunks(model.ModelName, batch.Length);
                done += batch.Length;
                truncated += embedded.Count(e => e.Truncated);
                await context.ReportAsync("embedding", 0.9 + (0.1 * done / Math.Max(1, total)), $"Embedded {done} of {total} chunks", ct);
            }

            if (items.Count < PageSize)
            {
                break;
            }
        }

        await documents.SetStatusAsync(document.Id, DocumentStatuses.Ready, null, null, ct, context.Fence);
        var ingestion = TaskJson.Deserialize<Dictionary<string, object?>>(context.ResultJson ?? "{}") ?? [];
        ingestion["embeddedChunks"] = done;
        ingestion["truncatedChunks"] = truncated;
        ingestion["embedding"] = new { model.Provider, model.ModelName, model.Dimension, model.IsSemantic, Kind = model.IsSemantic ? "semantic" : "lexical", Collection = model.CollectionName };
        context.ResultJson = TaskJson.Serialize(ingestion);
        context.ResultMessage = $"Ingested and embedded {done} chunks.";
    }

    public Task OnFailedAsync(TaskRecord task, TaskError error, TaskFence fence, CancellationToken ct) =>
        documents.SetFailedForTaskAsync(task, error, fence, ct);
}
